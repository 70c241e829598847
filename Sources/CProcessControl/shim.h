#ifndef PACER_CPROCESSCONTROL_SHIM_H
#define PACER_CPROCESSCONTROL_SHIM_H
// The Linux process calls the command channel makes that Swift's Glibc module leaves out:
// prctl is variadic and pidfd_open has no declaration there, so each gets a plain wrapper.
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

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
