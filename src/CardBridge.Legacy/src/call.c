/*
 * One standard call against the service: the readers iType names, the request, the standard code of its answer, the
 * GBK output copied into the caller's buffer within the configured limit, and one log line.
 */
#include "legacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <time.h>
#endif

long long cb_now_ms(void)
{
#ifdef _WIN32
    return (long long)GetTickCount64();
#else
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
#endif
}

int cb_readers_of(const cb_config *config, int type, const char **names, int capacity)
{
    const int contact_first = type == 1 || type == 3;
    const int count_first = contact_first ? config->contact_count : config->contactless_count;
    const int count_second = contact_first ? config->contactless_count : config->contact_count;
    const char(*first)[CB_MAX_NAME] = contact_first ? config->contact : config->contactless;
    const char(*second)[CB_MAX_NAME] = contact_first ? config->contactless : config->contact;
    int count = 0;
    for (int i = 0; i < count_first && count < capacity; i++)
    {
        names[count++] = first[i];
    }
    for (int i = 0; (type == 3 || type == 4) && i < count_second && count < capacity; i++)
    {
        names[count++] = second[i];
    }
    return count;
}

int cb_no_reader_for(cb_call *call, int type)
{
    const char *names[1];
    if (call->config.contact_count + call->config.contactless_count == 0 || cb_readers_of(&call->config, type, names, 1) > 0)
    {
        return 0;
    }
    snprintf(call->why, sizeof call->why, "[readers] names no reader for iType %d", type);
    return 1;
}

int cb_readers_json(const cb_config *config, int type, char *out, size_t size)
{
    const char *names[2 * CB_MAX_READERS];
    int count = cb_readers_of(config, type, names, 2 * CB_MAX_READERS);
    if (cb_append(out, size, "[") != 0) return -1;
    for (int i = 0; i < count; i++)
    {
        if ((i > 0 && cb_append(out, size, ",") != 0) || cb_json_string(out, size, names[i]) != 0) return -1;
    }
    return cb_append(out, size, "]");
}

long cb_post(cb_call *call, const char *path, const char *body, int timeout_ms)
{
    long long left = call->deadline_ms - cb_now_ms();
    if (left <= 0)
    {
        snprintf(call->why, sizeof call->why, "no time left of the call's timeout for %s", path);
        return CB_READER_ERROR;
    }
    if (timeout_ms > 0 && left > timeout_ms)
    {
        left = timeout_ms;
    }
    int status = cb_http_post(&call->config, path, body, (int)left, call->response, sizeof call->response, call->why, sizeof call->why);
    if (status < 0)
    {
        call->response[0] = '\0';
        return CB_READER_ERROR;
    }
    if (status == 200)
    {
        return CB_OK;
    }
    char reason[64] = "";
    cb_json_find(call->response, "reason", reason, sizeof reason);
    snprintf(call->why, sizeof call->why, "%s answered HTTP %d %s", path, status, reason[0] != '\0' ? reason : "(no reason)");
    return cb_code_of_error(call->response, call->hsm_step2);
}

long cb_copy_output(cb_call *call, char *out)
{
    char text[CB_MAX_RESPONSE / 2];
    if (cb_json_find(call->response, "gb18030", text, sizeof text) != 0)
    {
        text[0] = '\0';
    }
    unsigned char *bytes = malloc(sizeof text);
    if (bytes == NULL)
    {
        snprintf(call->why, sizeof call->why, "out of memory");
        return CB_UNKNOWN;
    }
    long length = cb_base64_decode(text, bytes, sizeof text);
    long code = CB_OK;
    if (length < 0)
    {
        snprintf(call->why, sizeof call->why, "the answer's gb18030 is not base64");
        code = CB_UNKNOWN;
    }
    else if ((size_t)length >= call->config.output_limit)
    {
        snprintf(call->why, sizeof call->why, "the output (%ld bytes) does not fit [output] limit %u", length, (unsigned)call->config.output_limit);
        code = CB_BAD_PARAMETER;
    }
    else
    {
        memcpy(out, bytes, (size_t)length);
        out[length] = '\0';
    }
    free(bytes);
    return code;
}

void cb_begin(cb_call *call, int pin_pad)
{
    memset(call, 0, sizeof *call);
    cb_config_load(&call->config);
    call->deadline_ms = cb_now_ms() + (pin_pad ? call->config.pin_timeout_ms : call->config.timeout_ms);
}

long cb_end(cb_call *call, const char *function, long code, char *out)
{
    if (code != CB_OK)
    {
        cb_write_error(&call->config, out, code, call->response);
    }
    cb_log(&call->config, function, code, "%s", code == CB_OK ? "ok" : call->why);
    return code;
}
