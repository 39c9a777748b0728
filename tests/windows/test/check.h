/*
 * The C tests' harness: CHECK records a failed condition and goes on, run() names each test's outcome, and
 * finish() prints the closing line scripts/test.sh counts ("Passed!  - Failed: F, Passed: P, Skipped: 0, Total: T").
 */
#ifndef PT_CHECK_H
#define PT_CHECK_H

#include <stdio.h>

static int check_failures;
static int check_passes;
static int check_current_failed;

#define CHECK(condition)                                                                                    \
    do {                                                                                                    \
        if (!(condition)) {                                                                                 \
            printf("    %s:%d: %s\n", __FILE__, __LINE__, #condition);                                      \
            fflush(stdout);                                                                                 \
            check_current_failed = 1;                                                                       \
        }                                                                                                   \
    } while (0)

static void run(const char *name, void (*test)(void))
{
    check_current_failed = 0;
    test();
    printf("  %s %s\n", check_current_failed ? "FAIL" : "ok  ", name);
    fflush(stdout);
    if (check_current_failed) {
        check_failures++;
    } else {
        check_passes++;
    }
}

static int finish(const char *suite)
{
    printf("%s!  - Failed: %d, Passed: %d, Skipped: 0, Total: %d - %s\n", check_failures ? "Failed" : "Passed", check_failures,
           check_passes, check_failures + check_passes, suite);
    return check_failures ? 1 : 0;
}

#endif
