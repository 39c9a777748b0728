/* The outside observer of bench/run.sh arrival: waits in SCardGetStatusChange on one reader, as any PC/SC client does,
 * and prints "present NS" or "empty NS" (CLOCK_MONOTONIC nanoseconds, the clock .NET's Stopwatch reads on Linux) the
 * moment pcscd reports the card in or out. Build: cc -O2 -o arrival-observer arrival-observer.c $(pkg-config --cflags --libs libpcsclite) */
#include <stdio.h>
#include <time.h>
#include <winscard.h>

static long long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: arrival-observer READER\n");
        return 2;
    }
    SCARDCONTEXT context;
    if (SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context) != SCARD_S_SUCCESS) {
        fprintf(stderr, "no PC/SC context\n");
        return 1;
    }
    SCARD_READERSTATE state = { .szReader = argv[1], .dwCurrentState = SCARD_STATE_UNAWARE };
    int present = -1;
    for (;;) {
        LONG rc = SCardGetStatusChange(context, INFINITE, &state, 1);
        long long at = now_ns();
        if (rc != SCARD_S_SUCCESS) {
            fprintf(stderr, "SCardGetStatusChange: 0x%lX\n", (unsigned long)rc);
            return 1;
        }
        int in = (state.dwEventState & SCARD_STATE_PRESENT) != 0;
        if (in != present) {
            printf("%s %lld\n", in ? "present" : "empty", at);
            fflush(stdout);
            present = in;
        }
        state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    }
}
