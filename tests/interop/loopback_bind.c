/* Preloaded into gnutls-serv, which has no option for the address it listens on: bind() to the
 * wildcard address (0.0.0.0 or ::) binds to loopback (127.0.0.1 or ::1) instead, so that the
 * test servers are reachable from this machine only. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*bind_function)(int, const struct sockaddr *, socklen_t);

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static bind_function real_bind;
    struct sockaddr_storage local;
    struct sockaddr_in *v4 = (struct sockaddr_in *)&local;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&local;

    if (!real_bind)
        real_bind = (bind_function)dlsym(RTLD_NEXT, "bind");
    if (!addr || len > sizeof(local))
        return real_bind(fd, addr, len);
    memcpy(&local, addr, len);
    if (addr->sa_family == AF_INET && len >= sizeof(*v4) &&
        v4->sin_addr.s_addr == htonl(INADDR_ANY))
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    else if (addr->sa_family == AF_INET6 && len >= sizeof(*v6) &&
             IN6_IS_ADDR_UNSPECIFIED(&v6->sin6_addr))
        v6->sin6_addr = in6addr_loopback;
    return real_bind(fd, (const struct sockaddr *)&local, len);
}
