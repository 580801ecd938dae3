/* Sockets for the examples: Winsock on Windows, BSD sockets elsewhere, behind one set of names.
 * Everything is blocking; receive/send timeouts keep a silent peer from hanging a program. */
#ifndef SSPISHIM_EXAMPLES_SOCK_COMPAT_H
#define SSPISHIM_EXAMPLES_SOCK_COMPAT_H

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
typedef SOCKET sock_t;
#define SOCK_INVALID INVALID_SOCKET
#define sock_close   closesocket
static inline int sock_startup(void)
{
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
}
static inline void sock_cleanup(void)
{
    WSACleanup();
}
static inline int sock_set_timeout(sock_t sock, int seconds)
{
    DWORD ms = (DWORD)seconds * 1000;
    return setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, (const char *)&ms, sizeof(ms)) == 0 &&
           setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, (const char *)&ms, sizeof(ms)) == 0;
}
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
typedef int sock_t;
#define SOCK_INVALID (-1)
#define sock_close   close
static inline int sock_startup(void)
{
    signal(SIGPIPE, SIG_IGN); /* a vanished peer is an error status, not a signal */
    return 1;
}
static inline void sock_cleanup(void)
{
}
static inline int sock_set_timeout(sock_t sock, int seconds)
{
    struct timeval tv = {seconds, 0};
    return setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == 0 &&
           setsockopt(sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) == 0;
}
#endif

#ifndef SHUT_WR
#define SHUT_WR SD_SEND
#endif

#include <stddef.h>
#include <string.h>

/* Sends every byte; 0 on failure. */
static inline int sock_send_all(sock_t sock, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        int chunk = len > 65536 ? 65536 : (int)len;
        int sent = (int)send(sock, p, chunk, 0);
        if (sent <= 0)
            return 0;
        p += sent;
        len -= (size_t)sent;
    }
    return 1;
}

/* Waits up to `seconds` until the socket can be read (when want_read) or written (when
 * want_write); sets *readable and *writable. 0 on timeout or failure. */
static inline int sock_wait(sock_t sock, int want_read, int want_write, int seconds, int *readable,
                            int *writable)
{
    fd_set read_set, write_set;
    struct timeval tv = {seconds, 0};

    FD_ZERO(&read_set);
    FD_ZERO(&write_set);
    if (want_read)
        FD_SET(sock, &read_set);
    if (want_write)
        FD_SET(sock, &write_set);
    if (select((int)sock + 1, &read_set, &write_set, NULL, &tv) <= 0)
        return 0;
    *readable = FD_ISSET(sock, &read_set) != 0;
    *writable = FD_ISSET(sock, &write_set) != 0;
    return 1;
}

/* Receives up to `len` bytes: > 0 bytes, 0 at end of stream, < 0 on error or timeout. */
static inline int sock_recv(sock_t sock, void *data, size_t len)
{
    int chunk = len > 65536 ? 65536 : (int)len;
    return (int)recv(sock, (char *)data, chunk, 0);
}

/* Closes after the peer saw everything: half-close, then drain what still comes (briefly), so
 * that unread input does not turn the close into a reset that destroys data in flight. */
static inline void sock_graceful_close(sock_t sock)
{
    char sink[4096];
    int rounds = 0;
    shutdown(sock, SHUT_WR);
    sock_set_timeout(sock, 2);
    while (rounds++ < 256 && recv(sock, sink, sizeof(sink), 0) > 0)
        ;
    sock_close(sock);
}

/* Connects to host:port (any address family getaddrinfo offers). */
static inline sock_t sock_connect(const char *host, const char *port, int timeout_seconds)
{
    struct addrinfo hints, *list = NULL, *ai;
    sock_t sock = SOCK_INVALID;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &list) != 0)
        return SOCK_INVALID;
    for (ai = list; ai && sock == SOCK_INVALID; ai = ai->ai_next) {
        sock = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (sock == SOCK_INVALID)
            continue;
        sock_set_timeout(sock, timeout_seconds);
        if (connect(sock, ai->ai_addr, (int)ai->ai_addrlen) != 0) {
            sock_close(sock);
            sock = SOCK_INVALID;
        }
    }
    freeaddrinfo(list);
    return sock;
}

/* Listens on 127.0.0.1:port (0: any free port); *bound receives the port in use. */
static inline sock_t sock_listen_loopback(unsigned short port, unsigned short *bound)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof(addr);
    int one = 1;
    sock_t sock = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    if (sock == SOCK_INVALID)
        return SOCK_INVALID;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, (const char *)&one, sizeof(one));
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(sock, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(sock, 8) != 0 ||
        getsockname(sock, (struct sockaddr *)&addr, &len) != 0) {
        sock_close(sock);
        return SOCK_INVALID;
    }
    *bound = ntohs(addr.sin_port);
    return sock;
}

#endif
