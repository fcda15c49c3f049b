// CLinux: the few Linux kernel interfaces Glibc's Swift module does not expose.
// Everything is static inline so the module has no link-time surface of its own.
#ifndef KIOSKD_CLINUX_H
#define KIOSKD_CLINUX_H

#include <linux/input.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <pty.h>
#include <signal.h>
#include "CLinuxSignals.h"

/// Size in bytes of one `struct input_event` on this architecture (24 on x86_64).
static inline int clinux_input_event_size(void) { return (int)sizeof(struct input_event); }

/// `ioctl(fd, EVIOCGRAB, grab)`: grab (1) or release (0) an evdev device exclusively.
static inline int clinux_eviocgrab(int fd, int grab) { return ioctl(fd, EVIOCGRAB, (void *)(long)grab); }

/// `ioctl(fd, EVIOCGNAME(len), buf)`: the device's name.
static inline int clinux_eviocgname(int fd, char *buf, int len) { return ioctl(fd, EVIOCGNAME(len), buf); }

/// `ioctl(fd, EVIOCGID, id)`: bus type, vendor, product and version.
static inline int clinux_eviocgid(int fd, struct input_id *id) { return ioctl(fd, EVIOCGID, id); }

/// `eventfd(initval, flags)`.
static inline int clinux_eventfd(unsigned int initval, int flags) { return eventfd(initval, flags); }

static inline int clinux_efd_cloexec(void) { return EFD_CLOEXEC; }
static inline int clinux_efd_nonblock(void) { return EFD_NONBLOCK; }

/// `ioctl(fd, TIOCOUTQ, &n)`: bytes still queued for output on a tty.
static inline int clinux_tiocoutq(int fd, int *n) { return ioctl(fd, TIOCOUTQ, n); }

/// `CRTSCTS`, which Glibc's Swift overlay does not import as a constant.
static inline unsigned int clinux_crtscts(void) { return CRTSCTS; }

#endif
