/*
 * Test driver of the legacy library, in C against SSCardDriver.h: reads one call a line from standard input (the
 * function's name and its arguments, tab-separated; tests/legacy/README.md) and answers each with a line of its own:
 * the return code, then each output buffer in hex (GBK bytes, so the test compares exact bytes). The test drives the
 * simulator between lines, so a PIN pad, a card swap or the HSM's answer can come between two calls of one process.
 */
#include "SSCardDriver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELDS 6
#define BUFFER 4096

static void hex(const char *text)
{
    putchar('\t');
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
    {
        printf("%02X", *p);
    }
}

static int number(const char *text)
{
    return (int)strtol(text, NULL, 10);
}

int main(void)
{
    static char line[BUFFER];
    static char out[BUFFER];
    static char second[BUFFER];
    while (fgets(line, sizeof line, stdin) != NULL)
    {
        line[strcspn(line, "\r\n")] = '\0';
        char *field[FIELDS] = { "", "", "", "", "", "" };
        char *p = line;
        for (int i = 0; i < FIELDS && p != NULL; i++)
        {
            field[i] = p;
            p = strchr(p, '\t');
            if (p != NULL) *p++ = '\0';
        }
        memset(out, 0, sizeof out);
        memset(second, 0, sizeof second);
        long code;
        int two = 0;
        const char *name = field[0];
        if (strcmp(name, "iReadCardBas") == 0) code = iReadCardBas(number(field[1]), out);
        else if (strcmp(name, "iReadCardBas_HSM_Step1") == 0) code = iReadCardBas_HSM_Step1(number(field[1]), out);
        else if (strcmp(name, "iReadCardBas_HSM_Step2") == 0) code = iReadCardBas_HSM_Step2(field[1], out);
        else if (strcmp(name, "iVerifyPIN") == 0) { snprintf(out, sizeof out, "%s", field[2]); code = iVerifyPIN(number(field[1]), out); }
        else if (strcmp(name, "iChangePIN") == 0) { snprintf(out, sizeof out, "%s", field[2]); code = iChangePIN(number(field[1]), out); }
        else if (strcmp(name, "iReloadPIN") == 0) code = iReloadPIN(number(field[1]), field[2], out);
        else if (strcmp(name, "iUnblockPIN") == 0) code = iUnblockPIN(number(field[1]), field[2], out);
        else if (strcmp(name, "iReadCard") == 0) code = iReadCard(number(field[1]), number(field[2]), field[3], field[4], out);
        else if (strcmp(name, "iGetReaderInfo") == 0) { code = iGetReaderInfo(out, second); two = 1; }
        else
        {
            fprintf(stderr, "unknown function %s\n", name);
            return 2;
        }
        printf("%ld", code);
        hex(out);
        if (two) hex(second);
        putchar('\n');
        fflush(stdout);
    }
    return 0;
}
