/* Base64 (RFC 4648), as protobuf's JSON mapping writes bytes fields. */
#include "legacy.h"

#include <string.h>

static int sextet(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

long cb_base64_decode(const char *text, unsigned char *out, size_t out_size)
{
    size_t length = 0;
    unsigned long bits = 0;
    int count = 0;
    for (const char *p = text; *p != '\0' && *p != '='; p++)
    {
        int value = sextet(*p);
        if (value < 0)
        {
            return -1;
        }
        bits = (bits << 6) | (unsigned long)value;
        if (++count == 4)
        {
            if (length + 3 > out_size) return -1;
            out[length++] = (unsigned char)(bits >> 16);
            out[length++] = (unsigned char)(bits >> 8);
            out[length++] = (unsigned char)bits;
            bits = 0;
            count = 0;
        }
    }
    if (count == 1)
    {
        return -1;
    }
    if (count > 1)
    {
        bits <<= 6 * (4 - count);
        if (length + (size_t)(count - 1) > out_size) return -1;
        out[length++] = (unsigned char)(bits >> 16);
        if (count == 3) out[length++] = (unsigned char)(bits >> 8);
    }
    return (long)length;
}
