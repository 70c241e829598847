#ifndef PACER_CLINUX_SHIM_H
#define PACER_CLINUX_SHIM_H
// The glibc calls that Swift's Glibc module leaves out: malloc tuning, and the GNU extensions
// its headers declare only under _GNU_SOURCE (which the module is built without).
#include <malloc.h>
#include <sys/socket.h>

extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
#endif
