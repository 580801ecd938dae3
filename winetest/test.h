/* Windows-style conformance test harness: ok(), todo_wine, skip(), win_skip(), broken().
 * One source per unit; START_TEST(unit) defines the unit's body. The same source builds natively
 * (against libsecur32) and as a Windows .exe (against whatever secur32.dll the loader picks). */
#ifndef SSPISHIM_WINETEST_H
#define SSPISHIM_WINETEST_H

#include "win_sspi.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define WINETEST_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define WINETEST_PRINTF(a, b)
#endif

/* What the program runs on and against. */
int winetest_on_windows(void);      /* real Windows, not Wine */
int winetest_on_wine(void);         /* Wine (any secur32) */
int winetest_builtin_secur32(void); /* secur32 is not sspishim (e.g. Wine's builtin) */
int winetest_interactive(void);

/* Low-level hooks used by the macros below. */
void winetest_set_location(const char *file, int line);
int winetest_ok(int condition, const char *fmt, ...) WINETEST_PRINTF(2, 3);
void winetest_skip(const char *fmt, ...) WINETEST_PRINTF(1, 2);
void winetest_win_skip(const char *fmt, ...) WINETEST_PRINTF(1, 2);
void winetest_trace(const char *fmt, ...) WINETEST_PRINTF(1, 2);
void winetest_start_todo(int is_todo);
int winetest_loop_todo(void);
void winetest_end_todo(void);
void winetest_push_context(const char *fmt, ...) WINETEST_PRINTF(1, 2);
void winetest_pop_context(void);
int winetest_broken(int condition);

#define ok_(file, line) (winetest_set_location(file, line), 0) ? 0 : winetest_ok
#define ok ok_(__FILE__, __LINE__)
#define skip (winetest_set_location(__FILE__, __LINE__), winetest_skip)
#define win_skip (winetest_set_location(__FILE__, __LINE__), winetest_win_skip)
#define trace (winetest_set_location(__FILE__, __LINE__), winetest_trace)
#define broken(cond) winetest_broken(cond)

/* todo_if(c): failures inside are expected (counted as todo) while c holds; a success inside a
 * todo block is reported as a failure, so fixed bugs are noticed. */
#define todo_if(is_todo)                                                                           \
    for (winetest_start_todo(is_todo); winetest_loop_todo(); winetest_end_todo())
/* todo_wine: a known failure of Wine's builtin secur32; sspishim itself must pass. */
#define todo_wine todo_if(winetest_builtin_secur32())

/* START_TEST(name): defines the unit body; harness.c provides main(). */
void winetest_run_unit(void);
extern const char *winetest_unit_name;
#define START_TEST(name)                                                                           \
    const char *winetest_unit_name = #name;                                                        \
    void winetest_run_unit(void)

#endif
