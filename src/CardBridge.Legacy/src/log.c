/* The library's own log: one line per call with its outcome and, for a failure, why; never personal data. */
#include "legacy.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>

void cb_log(const cb_config *config, const char *function, long code, const char *format, ...)
{
    FILE *file = fopen(config->log_path, "a");
    if (file == NULL)
    {
        return;
    }
    char stamp[32];
    time_t now = time(NULL);
    struct tm *utc = gmtime(&now);
    if (utc == NULL || strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", utc) == 0)
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
