/* The key log behind tls_keylog.h: OpenSSL formats each line; we append it under a lock. */
#include "tls_keylog.h"

#include "platform.h"

#include <stdio.h>
#ifndef _WIN32
#include <fcntl.h>
#include <unistd.h>
#endif

static platform_once keylog_once = PLATFORM_ONCE_INIT;
static platform_mutex *keylog_lock;
static char keylog_path[1024];

static void keylog_init(void)
{
    if (platform_getenv("SSLKEYLOGFILE", keylog_path, sizeof(keylog_path)))
        keylog_lock = platform_mutex_new();
}

/* Appending, binary: lines end in "\n" on every system. Natively a new file is readable by its
 * owner only, since it holds secrets. */
static FILE *open_for_append(void)
{
#ifdef _WIN32
    return fopen(keylog_path, "ab");
#else
    int fd = open(keylog_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    FILE *file = fd >= 0 ? fdopen(fd, "ab") : NULL;

    if (fd >= 0 && !file)
        close(fd);
    return file;
#endif
}

/* The file is opened for each line: nothing stays open after the library unloads, and the file
 * may be moved or removed between connections. */
static void keylog_line(const SSL *ssl, const char *line)
{
    FILE *file;

    (void)ssl;
    platform_mutex_lock(keylog_lock);
    file = open_for_append();
    if (file) {
        fprintf(file, "%s\n", line);
        fclose(file);
    }
    platform_mutex_unlock(keylog_lock);
}

void tls_keylog_install(SSL_CTX *ctx)
{
    platform_run_once(&keylog_once, keylog_init);
    if (keylog_lock)
        SSL_CTX_set_keylog_callback(ctx, keylog_line);
}
