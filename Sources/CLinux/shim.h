#ifndef PACER_CLINUX_SHIM_H
#define PACER_CLINUX_SHIM_H
// The glibc calls that Swift's Glibc module leaves out: malloc tuning; the GNU extensions its
// headers declare only under _GNU_SOURCE (which the module is built without); and the process
// calls it cannot call (prctl is variadic) or does not declare (pidfd_open), as plain wrappers.
#include <malloc.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);

// Makes this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER, Linux 3.4).
// 0, or -1 with errno.
static inline int pacer_become_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

// A descriptor that polls readable once process `pid` (a child, not yet reaped) has exited
// (pidfd_open(2), Linux 5.3), with FD_CLOEXEC. -1 with errno on failure.
static inline int pacer_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0U);
}
#endif
