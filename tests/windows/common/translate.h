/*
 * Windows PC/SC values ↔ pcsc-lite values: everything the pass-through DLL must change so a Windows program
 * sees winscard.dll as Windows defines it. Pure functions (no Windows or pcsc-lite headers), so they are tested
 * natively (test/translate_test.c) as well as through the DLL.
 */
#ifndef PT_TRANSLATE_H
#define PT_TRANSLATE_H

#include <stddef.h>
#include <stdint.h>

/* Windows: SCARD_PROTOCOL_RAW 0x10000, SCARD_PROTOCOL_DEFAULT 0x80000000; pcsc-lite: RAW 4, T15 8, no DEFAULT. */
uint32_t pt_protocols_to_lite(uint32_t windows);
uint32_t pt_protocols_to_windows(uint32_t lite);

/* SCardStatus: pcsc-lite reports a bit set (SCARD_ABSENT 0x2 … SCARD_SPECIFIC 0x40), Windows an enumeration
 * (SCARD_UNKNOWN 0, SCARD_ABSENT 1, SCARD_PRESENT 2, SCARD_SWALLOWED 3, SCARD_POWERED 4, SCARD_NEGOTIABLE 5,
 * SCARD_SPECIFIC 6): the most advanced state set. pcscd leaves a powered card at NEGOTIABLE even once a
 * connection has set its protocol, where Windows says SPECIFIC: a powered card with an active protocol is SPECIFIC. */
uint32_t pt_card_state_to_windows(uint32_t lite_bits, uint32_t lite_protocol);

/* SCardControl codes: Windows SCARD_CTL_CODE(f) = CTL_CODE(FILE_DEVICE_SMARTCARD 0x31, f, METHOD_BUFFERED,
 * FILE_ANY_ACCESS) = 0x310000 | f << 2 with a 12-bit f; pcsc-lite SCARD_CTL_CODE(f) = 0x42000000 + f. A code of
 * neither form, or a pcsc-lite code whose f does not fit 12 bits (the CCID driver's PIN-pad codes, 0x42330000 + n),
 * passes unchanged both ways, so a code the program got from the reader goes back to it as it came. */
uint32_t pt_control_code_to_lite(uint32_t windows);
uint32_t pt_control_code_to_windows(uint32_t lite);

/* PC/SC part 10 CM_IOCTL_GET_FEATURE_REQUEST (function 3400) answers TLVs {tag, 4, big-endian control code}:
 * rewrites each code in place to the Windows form. A malformed tail is left alone. */
void pt_features_to_windows(unsigned char *tlvs, uint32_t length);
#define PT_FEATURE_REQUEST_FUNCTION 3400u

/* pcsc-lite returns LONG, 64-bit on 64-bit Linux, with the SCARD_* values of Windows' winerror.h (pcsc-lite took
 * them from Windows): the Windows code is the low 32 bits. */
uint32_t pt_error_to_windows(int64_t lite);

/* UTF-8 ↔ UTF-16 (for the W entry points), NULs included. Return the number of units written (or needed, with
 * a NULL or too small output, which is then left untouched past capacity), or -1 for input that is not valid. */
int64_t pt_utf8_to_utf16(const unsigned char *utf8, size_t length, uint16_t *out, size_t capacity);
int64_t pt_utf16_to_utf8(const uint16_t *utf16, size_t length, unsigned char *out, size_t capacity);

/* Windows' output buffer rules for strings and ATRs: `count` units of `unit` bytes at `source` go to `target`,
 * whose capacity in units is *count_in_out:
 *   count_in_out NULL                  → SCARD_E_INVALID_PARAMETER
 *   *count_in_out == SCARD_AUTOALLOCATE → target is a pointer to a pointer: allocate with `allocate`
 *                                         (SCardFreeMemory frees it), NULL target SCARD_E_INVALID_PARAMETER
 *   target NULL                         → only the length: *count_in_out = count, success
 *   capacity < count                    → SCARD_E_INSUFFICIENT_BUFFER, *count_in_out = count
 * and otherwise a copy with *count_in_out = count. */
#define PT_AUTOALLOCATE 0xFFFFFFFFu
#define PT_E_INVALID_PARAMETER 0x80100004u
#define PT_E_INSUFFICIENT_BUFFER 0x80100008u
#define PT_E_NO_MEMORY 0x80100006u
uint32_t pt_deliver(const void *source, uint32_t count, size_t unit, void *target, uint32_t *count_in_out,
                    void *(*allocate)(size_t));

#endif
