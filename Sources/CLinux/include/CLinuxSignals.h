// Self-pipe signal delivery: the handler only writes the signal number to a pipe.
#ifndef KIOSKD_CLINUX_SIGNALS_H
#define KIOSKD_CLINUX_SIGNALS_H

/// Installs, with `sigaction(2)` and `SA_RESTART`, a handler for `signo` that writes the
/// signal number as one byte to `pipe_write_fd` (async-signal-safe: one `write`, errno saved).
/// Returns 0, or -1 with errno set. All handled signals share the last `pipe_write_fd` given.
int clinux_install_pipe_signal_handler(int signo, int pipe_write_fd);

#endif
