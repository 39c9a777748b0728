#include "translate.h"

#include <string.h>

#define LITE_RAW 0x0004u
#define LITE_T15 0x0008u
#define WINDOWS_RAW 0x00010000u
#define WINDOWS_DEFAULT 0x80000000u
#define T0_T1 0x0003u

uint32_t pt_protocols_to_lite(uint32_t windows)
{
    uint32_t lite = windows & T0_T1;
    if (windows & WINDOWS_RAW) {
        lite |= LITE_RAW;
    }
    if (windows & WINDOWS_DEFAULT) {
        lite |= T0_T1; /* "whatever the reader negotiates" */
    }
    return lite;
}

uint32_t pt_protocols_to_windows(uint32_t lite)
{
    uint32_t windows = lite & T0_T1;
    if (lite & LITE_RAW) {
        windows |= WINDOWS_RAW;
    }
    return windows; /* T15 has no Windows value */
}

uint32_t pt_card_state_to_windows(uint32_t lite_bits, uint32_t lite_protocol)
{
    if ((lite_bits & 0x0010) && lite_protocol) {
        return 6;
    }
    static const uint32_t bits[] = {0x0040, 0x0020, 0x0010, 0x0008, 0x0004, 0x0002};
    static const uint32_t states[] = {6, 5, 4, 3, 2, 1};
    for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++) {
        if (lite_bits & bits[i]) {
            return states[i];
        }
    }
    return 0;
}

uint32_t pt_control_code_to_lite(uint32_t windows)
{
    if ((windows & 0xFFFFC003u) == 0x00310000u) {
        return 0x42000000u + ((windows >> 2) & 0xFFFu);
    }
    return windows;
}

uint32_t pt_control_code_to_windows(uint32_t lite)
{
    if (lite >= 0x42000000u && lite < 0x42000000u + 0x1000u) {
        return 0x00310000u | (lite - 0x42000000u) << 2;
    }
    return lite;
}

void pt_features_to_windows(unsigned char *tlvs, uint32_t length)
{
    uint32_t at = 0;
    while (length - at >= 6 && tlvs[at + 1] == 4) {
        unsigned char *value = tlvs + at + 2;
        uint32_t code = (uint32_t)value[0] << 24 | (uint32_t)value[1] << 16 | (uint32_t)value[2] << 8 | value[3];
        code = pt_control_code_to_windows(code);
        for (int i = 0; i < 4; i++) {
            value[i] = (unsigned char)(code >> (24 - 8 * i));
        }
        at += 6;
    }
}

uint32_t pt_error_to_windows(int64_t lite)
{
    return (uint32_t)(uint64_t)lite;
}

int64_t pt_utf8_to_utf16(const unsigned char *utf8, size_t length, uint16_t *out, size_t capacity)
{
    size_t written = 0;
    for (size_t i = 0; i < length;) {
        uint32_t c = utf8[i];
        size_t extra = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (extra == 4 || length - i <= extra) {
            return -1;
        }
        if (extra) {
            c &= 0x3Fu >> extra;
        }
        for (size_t k = 1; k <= extra; k++) {
            if ((utf8[i + k] & 0xC0) != 0x80) {
                return -1;
            }
            c = c << 6 | (utf8[i + k] & 0x3F);
        }
        static const uint32_t least[] = {0, 0x80, 0x800, 0x10000};
        if (c < least[extra] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            return -1; /* overlong, out of range or a surrogate */
        }
        i += extra + 1;
        if (c >= 0x10000) {
            if (out && written + 2 <= capacity) {
                out[written] = (uint16_t)(0xD800 | (c - 0x10000) >> 10);
                out[written + 1] = (uint16_t)(0xDC00 | ((c - 0x10000) & 0x3FF));
            }
            written += 2;
        } else {
            if (out && written < capacity) {
                out[written] = (uint16_t)c;
            }
            written++;
        }
    }
    return (int64_t)written;
}

int64_t pt_utf16_to_utf8(const uint16_t *utf16, size_t length, unsigned char *out, size_t capacity)
{
    size_t written = 0;
    for (size_t i = 0; i < length; i++) {
        uint32_t c = utf16[i];
        if (c >= 0xD800 && c <= 0xDBFF) {
            if (i + 1 >= length || utf16[i + 1] < 0xDC00 || utf16[i + 1] > 0xDFFF) {
                return -1;
            }
            c = 0x10000 + ((c - 0xD800) << 10) + (utf16[++i] - 0xDC00u);
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return -1;
        }
        unsigned char bytes[4];
        size_t n;
        if (c < 0x80) {
            bytes[0] = (unsigned char)c;
            n = 1;
        } else if (c < 0x800) {
            bytes[0] = (unsigned char)(0xC0 | c >> 6);
            bytes[1] = (unsigned char)(0x80 | (c & 0x3F));
            n = 2;
        } else if (c < 0x10000) {
            bytes[0] = (unsigned char)(0xE0 | c >> 12);
            bytes[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            bytes[2] = (unsigned char)(0x80 | (c & 0x3F));
            n = 3;
        } else {
            bytes[0] = (unsigned char)(0xF0 | c >> 18);
            bytes[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
            bytes[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
            bytes[3] = (unsigned char)(0x80 | (c & 0x3F));
            n = 4;
        }
        if (out && written + n <= capacity) {
            memcpy(out + written, bytes, n);
        }
        written += n;
    }
    return (int64_t)written;
}

uint32_t pt_deliver(const void *source, uint32_t count, size_t unit, void *target, uint32_t *count_in_out,
                    void *(*allocate)(size_t))
{
    if (!count_in_out) {
        return PT_E_INVALID_PARAMETER;
    }
    if (*count_in_out == PT_AUTOALLOCATE) {
        if (!target) {
            return PT_E_INVALID_PARAMETER;
        }
        size_t size = count * unit;
        void *copy = allocate(size ? size : 1);
        if (!copy) {
            return PT_E_NO_MEMORY;
        }
        memcpy(copy, source, count * unit);
        *(void **)target = copy;
        *count_in_out = count;
        return 0;
    }
    if (!target) {
        *count_in_out = count;
        return 0;
    }
    if (*count_in_out < count) {
        *count_in_out = count;
        return PT_E_INSUFFICIENT_BUFFER;
    }
    memcpy(target, source, count * unit);
    *count_in_out = count;
    return 0;
}
