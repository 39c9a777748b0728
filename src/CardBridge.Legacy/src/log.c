/* The library's own log: one line per call with its outcome and, for a failure, why; never personal data. */
#include "legacy.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef _WIN32
#include <unistd.h>
#endif

void cb_log(const cb_config *config, const char *function, long code, const char *format, ...)
{
    FILE *file = fopen(config->log_path, "a");
    if (file == NULL)
    {
        /* Beside an installed library a caller may not write: then the user's temporary directory. */
        char fallback[1100];
        const char *temp = getenv("TEMP");
        temp = temp != NULL ? temp : getenv("TMPDIR");
#ifdef _WIN32
        snprintf(fallback, sizeof fallback, "%s\\cardbridge-legacy.log", temp != NULL ? temp : ".");
#else
        snprintf(fallback, sizeof fallback, "%s/cardbridge-legacy-%u.log", temp != NULL ? temp : "/tmp", (unsigned)getuid());
#endif
        file = fopen(fallback, "a");
    }
    if (file == NULL)
    {
        return;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm utc;
#ifdef _WIN32
    int converted = gmtime_s(&utc, &now) == 0;
#else
    int converted = gmtime_r(&now, &utc) != NULL;
#endif
    if (!converted || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
    {
        stamp[0] = '\0';
    }
    fprintf(file, "%s %s %ld ", stamp, function, code);
    va_list args;
    va_start(args, format);
    vfprintf(file, format, args);
    va_end(args);
    fputc('\n', file);
    fclose(file);
}
