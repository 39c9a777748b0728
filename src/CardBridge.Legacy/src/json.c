/*
 * Just enough JSON for the service's answers: walk the text token by token (strings whole, so a value never passes for
 * a key) and give the first member of a name, at any depth; and write JSON strings for the requests.
 */
#include "legacy.h"

#include <stdio.h>
#include <string.h>

/* Skips white space. */
static const char *space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
    {
        p++;
    }
    return p;
}

/* Reads the string starting at p (on its quote) into out (unescaped, \u as UTF-8); returns the position after it or NULL. */
static const char *string(const char *p, char *out, size_t size)
{
    size_t length = 0;
    for (p++; *p != '"'; p++)
    {
        if (*p == '\0')
        {
            return NULL;
        }
        unsigned long c = (unsigned char)*p;
        int unicode = 0;
        if (c == '\\')
        {
            p++;
            switch (*p)
            {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u':
                if (sscanf(p + 1, "%4lx", &c) != 1) return NULL;
                p += 4;
                unicode = 1;
                break;
            case '\0': return NULL;
            default: c = (unsigned char)*p; break;
            }
        }
        /* An escaped code point as UTF-8, any other byte as it is; a value longer than out is cut, never overflows it. */
        unsigned char bytes[3];
        size_t n = 0;
        if (!unicode || c < 0x80) bytes[n++] = (unsigned char)c;
        else if (c < 0x800) { bytes[n++] = (unsigned char)(0xC0 | (c >> 6)); bytes[n++] = (unsigned char)(0x80 | (c & 0x3F)); }
        else { bytes[n++] = (unsigned char)(0xE0 | (c >> 12)); bytes[n++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F)); bytes[n++] = (unsigned char)(0x80 | (c & 0x3F)); }
        for (size_t i = 0; i < n; i++)
        {
            if (out != NULL && length + 1 < size) out[length++] = (char)bytes[i];
        }
    }
    if (out != NULL && size > 0) out[length] = '\0';
    return p + 1;
}

int cb_json_find(const char *json, const char *key, char *value, size_t value_size)
{
    char name[128];
    const char *p = json;
    while (*p != '\0')
    {
        p = space(p);
        if (*p == '"')
        {
            const char *after = string(p, name, sizeof name);
            if (after == NULL) return -1;
            after = space(after);
            if (*after == ':' && strcmp(name, key) == 0)
            {
                after = space(after + 1);
                if (*after == '"')
                {
                    return string(after, value, value_size) != NULL ? 0 : -1;
                }
                size_t length = strcspn(after, ",}] \t\r\n");
                if (length == 0 || length >= value_size) return -1;
                memcpy(value, after, length);
                value[length] = '\0';
                return 0;
            }
            p = after;
        }
        else if (*p != '\0')
        {
            p++;
        }
    }
    return -1;
}

int cb_append(char *out, size_t out_size, const char *text)
{
    size_t length = strlen(out);
    size_t n = strlen(text);
    if (length + n + 1 > out_size) return -1;
    memcpy(out + length, text, n + 1);
    return 0;
}

int cb_json_member(char *out, size_t out_size, const char *name, const char *value)
{
    size_t length = strlen(out);
    return (length > 0 && out[length - 1] != '{' && cb_append(out, out_size, ",") != 0) || cb_json_string(out, out_size, name) != 0
        || cb_append(out, out_size, ":") != 0 || cb_json_string(out, out_size, value) != 0 ? -1 : 0;
}

int cb_json_string(char *out, size_t out_size, const char *text)
{
    size_t length = strlen(out);
    char piece[8];
    if (length + 1 >= out_size) return -1;
    out[length++] = '"';
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
    {
        if (*p == '"' || *p == '\\') snprintf(piece, sizeof piece, "\\%c", *p);
        else if (*p < 0x20) snprintf(piece, sizeof piece, "\\u%04x", *p);
        else { piece[0] = (char)*p; piece[1] = '\0'; }
        size_t n = strlen(piece);
        if (length + n + 2 > out_size) return -1;
        memcpy(out + length, piece, n);
        length += n;
    }
    out[length++] = '"';
    out[length] = '\0';
    return 0;
}
