/* What the benchmark needs from the system: CPU time, the peak resident set, a child copy of
 * itself (memory is measured in a fresh process), and a description of the machine. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <psapi.h>
#else
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#endif

const char *bench_cert_path(const char *name)
{
    static char path[1024];
    const char *dir = getenv("SSPISHIM_CERTS");

    if (!dir || !*dir)
        return NULL;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return path;
}

static void print_cpu_model(void)
{
    /* Under Wine the host's /proc is reachable through drive Z:. */
    FILE *cpuinfo = fopen("/proc/cpuinfo", "r");
    char line[256];

    while (cpuinfo && fgets(line, sizeof(line), cpuinfo)) {
        if (strncmp(line, "model name", 10) == 0) {
            const char *colon = strchr(line, ':');
            printf("cpu:     %s", colon ? colon + 2 : line);
            break;
        }
    }
    if (cpuinfo)
        fclose(cpuinfo);
}

#ifdef _WIN32
double bench_cpu_seconds(void)
{
    FILETIME created, exited, kernel, user;
    ULARGE_INTEGER k, u;

    if (!GetThreadTimes(GetCurrentThread(), &created, &exited, &kernel, &user))
        return 0;
    k.LowPart = kernel.dwLowDateTime;
    k.HighPart = kernel.dwHighDateTime;
    u.LowPart = user.dwLowDateTime;
    u.HighPart = user.dwHighDateTime;
    return (double)(k.QuadPart + u.QuadPart) * 1e-7;
}

long bench_peak_rss_kib(void)
{
    PROCESS_MEMORY_COUNTERS counters;

    if (!GetProcessMemoryInfo(GetCurrentProcess(), &counters, sizeof(counters)))
        return -1;
    return (long)(counters.PeakWorkingSetSize / 1024);
}

void bench_describe_machine(void)
{
    SYSTEM_INFO info;
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    const char *(CDECL * wine_version)(void) =
        ntdll ? (const char *(CDECL *)(void))(void *)GetProcAddress(ntdll, "wine_get_version")
              : NULL;

    GetSystemInfo(&info);
    printf("cpus:    %lu\n", (unsigned long)info.dwNumberOfProcessors);
    print_cpu_model();
    printf("system:  %s\n", wine_version ? wine_version() : "Windows");
}

int bench_run_self(const char *args, char *line, size_t size)
{
    char path[MAX_PATH], command[MAX_PATH + 256];
    FILE *child;
    int ok;

    if (!GetModuleFileNameA(NULL, path, sizeof(path)))
        return 0;
    snprintf(command, sizeof(command), "\"%s\" %s", path, args);
    child = _popen(command, "r");
    if (!child)
        return 0;
    ok = fgets(line, (int)size, child) != NULL;
    return _pclose(child) == 0 && ok;
}
#else
double bench_cpu_seconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return (double)now.tv_sec + (double)now.tv_nsec * 1e-9;
}

long bench_peak_rss_kib(void)
{
    struct rusage usage;
    return getrusage(RUSAGE_SELF, &usage) == 0 ? usage.ru_maxrss : -1;
}

void bench_describe_machine(void)
{
    struct utsname name;

    printf("cpus:    %ld\n", sysconf(_SC_NPROCESSORS_ONLN));
    print_cpu_model();
    if (uname(&name) == 0)
        printf("system:  %s %s %s\n", name.sysname, name.release, name.machine);
}

int bench_run_self(const char *args, char *line, size_t size)
{
    char path[4096], command[4096 + 256];
    ssize_t len = readlink("/proc/self/exe", path, sizeof(path) - 1);
    FILE *child;
    int ok;

    if (len <= 0)
        return 0;
    path[len] = 0;
    snprintf(command, sizeof(command), "'%s' %s", path, args);
    child = popen(command, "r");
    if (!child)
        return 0;
    ok = fgets(line, (int)size, child) != NULL;
    return pclose(child) == 0 && ok;
}
#endif
