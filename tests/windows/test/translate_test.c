/*
 * Unit tests of the pass-through's translation between Windows' and pcsc-lite's PC/SC values and of its wire
 * format, run natively (no wine, no daemon).
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../common/protocol.h"
#include "../common/translate.h"
#include "../common/wire.h"
#include "check.h"

static void protocols_translate_raw_and_default_both_ways(void)
{
    CHECK(pt_protocols_to_lite(0x00000001) == 0x0001);
    CHECK(pt_protocols_to_lite(0x00000003) == 0x0003);
    CHECK(pt_protocols_to_lite(0x00010000) == 0x0004);
    CHECK(pt_protocols_to_lite(0x00010002) == 0x0006);
    CHECK(pt_protocols_to_lite(0x80000000) == 0x0003);
    CHECK(pt_protocols_to_lite(0) == 0);
    CHECK(pt_protocols_to_windows(0x0004) == 0x00010000);
    CHECK(pt_protocols_to_windows(0x0002) == 0x0002);
    CHECK(pt_protocols_to_windows(0x0008) == 0); /* T=15 has no Windows value */
}

static void card_state_bits_become_the_windows_enumeration(void)
{
    CHECK(pt_card_state_to_windows(0x0000, 0) == 0);          /* SCARD_UNKNOWN */
    CHECK(pt_card_state_to_windows(0x0002, 0) == 1);          /* SCARD_ABSENT */
    CHECK(pt_card_state_to_windows(0x0004, 0) == 2);          /* SCARD_PRESENT */
    CHECK(pt_card_state_to_windows(0x0004 | 0x0008, 0) == 3); /* SCARD_SWALLOWED */
    CHECK(pt_card_state_to_windows(0x0014, 0) == 4);          /* SCARD_POWERED */
    CHECK(pt_card_state_to_windows(0x0034, 0) == 5);          /* SCARD_NEGOTIABLE */
    CHECK(pt_card_state_to_windows(0x0054, 0) == 6);          /* SCARD_SPECIFIC */
}

static void a_connected_card_with_a_protocol_is_specific_as_on_windows(void)
{
    CHECK(pt_card_state_to_windows(0x0034, 0x0001) == 6); /* what pcscd reports for a card connected with T=0 */
    CHECK(pt_card_state_to_windows(0x0004, 0x0002) == 2); /* not powered: no protocol in effect */
    CHECK(pt_card_state_to_windows(0x0002, 0x0001) == 1);
}

static void control_codes_translate_in_the_ctl_code_range_only(void)
{
    CHECK(pt_control_code_to_lite(0x00313520) == 0x42000D48); /* CM_IOCTL_GET_FEATURE_REQUEST */
    CHECK(pt_control_code_to_windows(0x42000D48) == 0x00313520);
    CHECK(pt_control_code_to_lite(0x00310004) == 0x42000001);
    CHECK(pt_control_code_to_windows(0x42330006) == 0x42330006); /* CCID's VERIFY_PIN_DIRECT: no 12-bit form */
    CHECK(pt_control_code_to_lite(0x42330006) == 0x42330006);
    CHECK(pt_control_code_to_lite(0x00090000) == 0x00090000); /* another device type passes */
}

static void feature_tlvs_are_rewritten_in_place(void)
{
    unsigned char tlvs[] = {0x12, 4, 0x42, 0x00, 0x0D, 0x48, 0x06, 4, 0x42, 0x33, 0x00, 0x06, 0x0A, 2, 0xAA};
    pt_features_to_windows(tlvs, sizeof tlvs);
    const unsigned char expected[] = {0x12, 4, 0x00, 0x31, 0x35, 0x20, 0x06, 4, 0x42, 0x33, 0x00, 0x06, 0x0A, 2, 0xAA};
    CHECK(memcmp(tlvs, expected, sizeof tlvs) == 0);
}

static void errors_are_the_low_32_bits_of_pcsc_lites_long(void)
{
    CHECK(pt_error_to_windows(0) == 0);
    CHECK(pt_error_to_windows((int64_t)0x80100002) == 0x80100002u); /* SCARD_E_CANCELLED */
    CHECK(pt_error_to_windows((int64_t)0x8010001D) == 0x8010001Du); /* SCARD_E_NO_SERVICE */
    CHECK(pt_error_to_windows((int64_t)0x80100069) == 0x80100069u); /* SCARD_W_REMOVED_CARD */
    CHECK(pt_error_to_windows((int64_t)(int32_t)0x8010002E) == 0x8010002Eu); /* a sign-extended 32-bit LONG */
}

static void utf8_and_utf16_round_trip_names_and_multi_strings(void)
{
    /* "Virtual PCD 00 00\0读卡器 💳\0\0": ASCII, CJK and a character outside the BMP (a surrogate pair). */
    const unsigned char utf8[] = "Virtual PCD 00 00\0\xE8\xAF\xBB\xE5\x8D\xA1\xE5\x99\xA8 \xF0\x9F\x92\xB3\0";
    size_t length = sizeof utf8; /* includes the final NUL the literal adds: a double NUL */
    uint16_t utf16[64];
    int64_t units = pt_utf8_to_utf16(utf8, length, utf16, 64);
    CHECK(units == 18 + 4 + 2 + 1 + 1);
    CHECK(pt_utf8_to_utf16(utf8, length, NULL, 0) == units);
    CHECK(utf16[17] == 0 && utf16[18] == 0x8BFB && utf16[21] == 0x20);
    CHECK(utf16[22] == 0xD83D && utf16[23] == 0xDCB3);
    CHECK(utf16[24] == 0 && utf16[25] == 0);
    unsigned char back[64];
    CHECK(pt_utf16_to_utf8(utf16, (size_t)units, back, sizeof back) == (int64_t)length);
    CHECK(memcmp(back, utf8, length) == 0);
}

static void invalid_text_is_refused(void)
{
    const unsigned char overlong[] = {0xC0, 0x80};
    const unsigned char truncated[] = {0xE8, 0xAF};
    const unsigned char surrogate[] = {0xED, 0xA0, 0x80};
    const uint16_t lone[] = {0x0041, 0xDC00};
    CHECK(pt_utf8_to_utf16(overlong, sizeof overlong, NULL, 0) == -1);
    CHECK(pt_utf8_to_utf16(truncated, sizeof truncated, NULL, 0) == -1);
    CHECK(pt_utf8_to_utf16(surrogate, sizeof surrogate, NULL, 0) == -1);
    CHECK(pt_utf16_to_utf8(lone, 2, NULL, 0) == -1);
}

static void *counted_allocate(size_t size)
{
    return malloc(size);
}

static void output_buffers_follow_the_windows_rules(void)
{
    const char text[] = "ab\0";
    char target[8] = {0};
    uint32_t count = 8;
    CHECK(pt_deliver(text, 4, 1, NULL, NULL, counted_allocate) == PT_E_INVALID_PARAMETER);
    CHECK(pt_deliver(text, 4, 1, NULL, &count, counted_allocate) == 0 && count == 4); /* length query */
    count = 3;
    CHECK(pt_deliver(text, 4, 1, target, &count, counted_allocate) == PT_E_INSUFFICIENT_BUFFER && count == 4);
    CHECK(target[0] == 0);
    count = 4;
    CHECK(pt_deliver(text, 4, 1, target, &count, counted_allocate) == 0 && count == 4 && memcmp(target, text, 4) == 0);
    char *allocated = NULL;
    count = PT_AUTOALLOCATE;
    CHECK(pt_deliver(text, 4, 1, &allocated, &count, counted_allocate) == 0 && count == 4);
    CHECK(allocated && memcmp(allocated, text, 4) == 0);
    free(allocated);
    count = PT_AUTOALLOCATE;
    CHECK(pt_deliver(text, 4, 1, NULL, &count, counted_allocate) == PT_E_INVALID_PARAMETER);
}

static void fields_round_trip_and_a_short_read_fails_once(void)
{
    struct pt_buffer buffer = {0};
    pt_put_u32(&buffer, 0x80100002u);
    pt_put_u64(&buffer, 0x1122334455667788ull);
    pt_put_bytes(&buffer, "ATR", 3);
    CHECK(buffer.length == 4 + 8 + 4 + 3 && buffer.data[0] == 0x02 && buffer.data[3] == 0x80);
    CHECK(pt_get_u32(&buffer) == 0x80100002u);
    CHECK(pt_get_u64(&buffer) == 0x1122334455667788ull);
    uint32_t length;
    const unsigned char *bytes = pt_get_bytes(&buffer, &length);
    CHECK(length == 3 && memcmp(bytes, "ATR", 3) == 0 && !buffer.failed);
    CHECK(pt_get_u32(&buffer) == 0 && buffer.failed);
    pt_buffer_free(&buffer);

    pt_put_u32(&buffer, 100); /* a bytes field claiming more than the frame holds */
    CHECK(pt_get_bytes(&buffer, &length) == NULL && length == 0 && buffer.failed);
    pt_buffer_free(&buffer);
}

static void frames_cross_a_socket_and_oversized_ones_are_refused(void)
{
    int pair[2];
    CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, pair) == 0);
    struct pt_buffer out = {0};
    struct pt_buffer in = {0};
    pt_put_u32(&out, PT_TRANSMIT);
    unsigned char big[6000];
    memset(big, 0x5A, sizeof big);
    pt_put_bytes(&out, big, sizeof big); /* larger than the one-send path */
    CHECK(pt_send_frame(pair[0], &out) == 0);
    CHECK(pt_receive_frame(pair[1], &in) == 0);
    uint32_t length;
    CHECK(pt_get_u32(&in) == PT_TRANSMIT);
    const unsigned char *bytes = pt_get_bytes(&in, &length);
    CHECK(length == sizeof big && bytes && memcmp(bytes, big, sizeof big) == 0);

    const unsigned char huge[4] = {0x00, 0x00, 0x20, 0x00}; /* 2 MiB: over PT_MAX_FRAME */
    CHECK(write(pair[0], huge, 4) == 4);
    CHECK(pt_receive_frame(pair[1], &in) == -1);
    close(pair[0]);
    CHECK(pt_receive_frame(pair[1], &in) == -1); /* closed */
    close(pair[1]);
    pt_buffer_free(&out);
    pt_buffer_free(&in);
}

int main(void)
{
    printf("translate-test: the pass-through's Windows ↔ pcsc-lite translation and wire format\n");
    run("protocols_translate_raw_and_default_both_ways", protocols_translate_raw_and_default_both_ways);
    run("card_state_bits_become_the_windows_enumeration", card_state_bits_become_the_windows_enumeration);
    run("a_connected_card_with_a_protocol_is_specific_as_on_windows", a_connected_card_with_a_protocol_is_specific_as_on_windows);
    run("control_codes_translate_in_the_ctl_code_range_only", control_codes_translate_in_the_ctl_code_range_only);
    run("feature_tlvs_are_rewritten_in_place", feature_tlvs_are_rewritten_in_place);
    run("errors_are_the_low_32_bits_of_pcsc_lites_long", errors_are_the_low_32_bits_of_pcsc_lites_long);
    run("utf8_and_utf16_round_trip_names_and_multi_strings", utf8_and_utf16_round_trip_names_and_multi_strings);
    run("invalid_text_is_refused", invalid_text_is_refused);
    run("output_buffers_follow_the_windows_rules", output_buffers_follow_the_windows_rules);
    run("fields_round_trip_and_a_short_read_fails_once", fields_round_trip_and_a_short_read_fails_once);
    run("frames_cross_a_socket_and_oversized_ones_are_refused", frames_cross_a_socket_and_oversized_ones_are_refused);
    return finish("translate-test");
}
