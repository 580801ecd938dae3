/* Windows primitives behind platform.h. */
#include "platform.h"
#include "tls_engine.h"

#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);

/* OpenSSL is linked statically, so nothing else tells it when a thread goes away. */
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    if (reason == DLL_THREAD_DETACH)
        tls_engine_thread_exit();
    return TRUE;
}

struct platform_mutex {
    CRITICAL_SECTION section;
};

platform_mutex *platform_mutex_new(void)
{
    platform_mutex *mutex = HeapAlloc(GetProcessHeap(), 0, sizeof(*mutex));
    if (mutex)
        InitializeCriticalSection(&mutex->section);
    return mutex;
}

void platform_mutex_free(platform_mutex *mutex)
{
    if (!mutex)
        return;
    DeleteCriticalSection(&mutex->section);
    HeapFree(GetProcessHeap(), 0, mutex);
}

void platform_mutex_lock(platform_mutex *mutex)
{
    EnterCriticalSection(&mutex->section);
}

void platform_mutex_unlock(platform_mutex *mutex)
{
    LeaveCriticalSection(&mutex->section);
}

/* 0 = not started, 1 = running, 2 = done. */
void platform_run_once(platform_once *once, void (*init)(void))
{
    if (InterlockedCompareExchange((volatile LONG *)&once->state, 0, 0) == 2)
        return;
    if (InterlockedCompareExchange((volatile LONG *)&once->state, 1, 0) == 0) {
        init();
        InterlockedExchange((volatile LONG *)&once->state, 2);
        return;
    }
    while (InterlockedCompareExchange((volatile LONG *)&once->state, 2, 2) != 2)
        SwitchToThread();
}

long platform_atomic_inc(volatile long *value)
{
    return InterlockedIncrement((volatile LONG *)value);
}

long platform_atomic_dec(volatile long *value)
{
    return InterlockedDecrement((volatile LONG *)value);
}

/* An aligned pointer-sized read or write is atomic on Windows' processors; the volatile access
 * keeps the compiler from moving it, and x86's ordering makes a load acquire and a store
 * release. */
size_t platform_word_load(const volatile size_t *word)
{
    return *word;
}

int platform_word_cas(volatile size_t *word, size_t expected, size_t desired)
{
    return InterlockedCompareExchangePointer((PVOID volatile *)word, (PVOID)desired,
                                             (PVOID)expected) == (PVOID)expected;
}

size_t platform_word_add(volatile size_t *word, size_t delta)
{
#ifdef _WIN64
    return (size_t)InterlockedExchangeAdd64((volatile LONG64 *)word, (LONG64)delta) + delta;
#else
    return (size_t)InterlockedExchangeAdd((volatile LONG *)word, (LONG)delta) + delta;
#endif
}

void *platform_ptr_load(void *const volatile *ptr)
{
    return *ptr;
}

void platform_ptr_store(void *volatile *ptr, void *value)
{
    InterlockedExchangePointer(ptr, value);
}

void *platform_buffer_alloc(size_t size)
{
    return HeapAlloc(GetProcessHeap(), 0, size ? size : 1);
}

void platform_buffer_free(void *ptr)
{
    if (ptr)
        HeapFree(GetProcessHeap(), 0, ptr);
}

int platform_getenv(const char *name, char *out, size_t size)
{
    DWORD len = size ? GetEnvironmentVariableA(name, out, (DWORD)size) : 0;
    return len > 0 && len < size;
}
