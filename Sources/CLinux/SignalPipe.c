#include "CLinuxSignals.h"
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

// The one process-wide value a signal handler can reach: the pipe's write end.
static volatile sig_atomic_t signal_pipe_fd = -1;

static void clinux_pipe_signal_handler(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    if (signal_pipe_fd >= 0) {
        ssize_t ignored = write(signal_pipe_fd, &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int clinux_install_pipe_signal_handler(int signo, int pipe_write_fd) {
    signal_pipe_fd = pipe_write_fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = clinux_pipe_signal_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, NULL);
}
