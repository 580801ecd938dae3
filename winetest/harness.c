/* Counters, reporting and the main() of every conformance unit. Output follows Wine's test
 * format so logs from Windows, Wine and native runs compare line by line. */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CONTEXTS 8

static struct {
    const char *file;
    int line;
    int todo_level;   /* > 0 inside an active todo block */
    int todo_looped;  /* todo_if's for-loop runs its body once */
    long successes, failures, todo_successes, todo_failures, skipped;
    char contexts[MAX_CONTEXTS][128];
    int context_count;
} state;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *backslash = strrchr(path, '\\');
    if (backslash && (!slash || backslash > slash))
        slash = backslash;
    return slash ? slash + 1 : path;
}

static void print_prefix(void)
{
    int i;
    printf("%s:%d: ", base_name(state.file), state.line);
    for (i = 0; i < state.context_count; i++)
        printf("%s: ", state.contexts[i]);
}

void winetest_set_location(const char *file, int line)
{
    state.file = file;
    state.line = line;
}

static void vreport(const char *kind, const char *fmt, va_list args)
{
    print_prefix();
    printf("%s", kind);
    vprintf(fmt, args);
    fflush(stdout);
}

int winetest_ok(int condition, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    if (state.todo_level) {
        if (condition) {
            vreport("Test succeeded inside todo block: ", fmt, args);
            state.todo_failures++;
        } else {
            if (winetest_interactive())
                vreport("Test marked todo: ", fmt, args);
            state.todo_successes++;
        }
    } else if (!condition) {
        vreport("Test failed: ", fmt, args);
        state.failures++;
    } else {
        state.successes++;
    }
    va_end(args);
    return condition;
}

void winetest_skip(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vreport("Tests skipped: ", fmt, args);
    va_end(args);
    state.skipped++;
}

void winetest_win_skip(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    /* On Windows an old version may lack a feature; elsewhere the feature is expected. */
    if (winetest_on_windows()) {
        vreport("Tests skipped: ", fmt, args);
        state.skipped++;
    } else {
        vreport("Test failed: ", fmt, args);
        state.failures++;
    }
    va_end(args);
}

void winetest_trace(const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    vreport("", fmt, args);
    va_end(args);
}

void winetest_start_todo(int is_todo)
{
    state.todo_level = (state.todo_level << 1) | (is_todo != 0);
    state.todo_looped = 0;
}

int winetest_loop_todo(void)
{
    return !state.todo_looped++;
}

void winetest_end_todo(void)
{
    state.todo_level >>= 1;
}

void winetest_push_context(const char *fmt, ...)
{
    va_list args;
    if (state.context_count < MAX_CONTEXTS) {
        va_start(args, fmt);
        vsnprintf(state.contexts[state.context_count], sizeof(state.contexts[0]), fmt, args);
        va_end(args);
    }
    state.context_count++;
}

void winetest_pop_context(void)
{
    if (state.context_count > 0)
        state.context_count--;
}

int winetest_broken(int condition)
{
    return winetest_on_windows() && condition;
}

int winetest_interactive(void)
{
    const char *value = getenv("WINETEST_INTERACTIVE");
    return value && *value == '1';
}

int main(int argc, char **argv)
{
    long total;
    (void)argc;
    (void)argv;
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("%s: running against %s secur32%s\n", winetest_unit_name,
           winetest_builtin_secur32() ? "another" : "sspishim's",
           winetest_on_wine() ? " under Wine" : (winetest_on_windows() ? " on Windows" : ""));
    winetest_run_unit();
    total = state.successes + state.failures + state.todo_successes + state.todo_failures;
    printf("%s: %ld tests executed (%ld marked as todo, %ld %s), %ld skipped.\n",
           winetest_unit_name, total, state.todo_successes, state.failures + state.todo_failures,
           (state.failures + state.todo_failures) == 1 ? "failure" : "failures", state.skipped);
    return (state.failures + state.todo_failures) > 255 ? 255
                                                         : (int)(state.failures + state.todo_failures);
}
