/*
 * The Windows PC/SC API through the pass-through: a Windows x64 program, run under wine64 with winscard.dll beside
 * it, calling winscard as Windows defines it, through winscard-bridge to the real pcscd with vpcd's two readers.
 * It serves its own minimal card to vpcd's first reader (the card is the TCP client of vpcd, DESIGN §7), so it can
 * insert and pull the card itself and watch what a Windows program sees: names as UTF-16 and ANSI multi-strings,
 * Windows' buffer rules, states with the event counter in the upper 16 bits, the enumerated SCardStatus state,
 * protocols, Windows error codes, SCardCancel waking a blocked wait, and the PCI data exports.
 *
 * Expects pcscd (with vpcd) and the bridge to run; no card in either reader. Every wait is bounded.
 */
#include <winsock2.h>
#include <windows.h>
#include <winscard.h>

#include <stdint.h>
#include <string.h>

#include "check.h"

#define READER0 "Virtual PCD 00 00"
#define READER1 "Virtual PCD 00 01"
#define READER0_W L"Virtual PCD 00 00"
#define READER1_W L"Virtual PCD 00 01"
#define VPCD_PORT 35963
#define WAIT_MS 10000

/* A T=0 ATR (TS 3B, T0 02: two historical bytes) that pcscd accepts without interface bytes. */
static const BYTE card_atr[] = {0x3B, 0x02, 0x14, 0x50};
/* GET DATA for 8 bytes: the card answers 8 bytes and 90 00; anything else 90 00. */
static const BYTE get_data[] = {0x00, 0xCA, 0x00, 0x00, 0x08};

static SCARDCONTEXT context;

/* ---- the card: a vpcd client on its own thread ---- */

static SOCKET card_socket = INVALID_SOCKET;
static HANDLE card_thread;

static int receive_exactly(SOCKET s, BYTE *buffer, int length)
{
    for (int got = 0; got < length;) {
        int n = recv(s, (char *)buffer + got, length - got, 0);
        if (n <= 0) {
            return -1;
        }
        got += n;
    }
    return 0;
}

static int send_framed(SOCKET s, const BYTE *payload, int length)
{
    BYTE frame[2 + 300];
    frame[0] = (BYTE)(length >> 8);
    frame[1] = (BYTE)length;
    memcpy(frame + 2, payload, (size_t)length);
    return send(s, (const char *)frame, 2 + length, 0) == 2 + length ? 0 : -1;
}

static DWORD WINAPI serve_card(LPVOID argument)
{
    SOCKET s = (SOCKET)(uintptr_t)argument;
    BYTE header[2];
    BYTE message[300];
    while (receive_exactly(s, header, 2) == 0) {
        int length = header[0] << 8 | header[1];
        if (length > (int)sizeof message || receive_exactly(s, message, length) != 0) {
            break;
        }
        if (length == 1) {
            /* 00 power off, 01 power on, 02 reset: no answer; 04 get ATR */
            if (message[0] == 0x04 && send_framed(s, card_atr, sizeof card_atr) != 0) {
                break;
            }
            continue;
        }
        BYTE answer[10] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x90, 0x00};
        int is_get_data = length == sizeof get_data && memcmp(message, get_data, sizeof get_data) == 0;
        if (send_framed(s, is_get_data ? answer : answer + 8, is_get_data ? 10 : 2) != 0) {
            break;
        }
    }
    return 0;
}

static void insert_card(void)
{
    struct sockaddr_in vpcd = {.sin_family = AF_INET, .sin_port = htons(VPCD_PORT)};
    vpcd.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    card_socket = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    BOOL one = TRUE;
    setsockopt(card_socket, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    CHECK(connect(card_socket, (struct sockaddr *)&vpcd, sizeof vpcd) == 0);
    card_thread = CreateThread(NULL, 0, serve_card, (LPVOID)(uintptr_t)card_socket, 0, NULL);
}

static void remove_card(void)
{
    shutdown(card_socket, SD_BOTH);
    closesocket(card_socket);
    CHECK(WaitForSingleObject(card_thread, WAIT_MS) == WAIT_OBJECT_0);
    CloseHandle(card_thread);
}

/* Waits (bounded) until reader 0's state has `flag`; returns its event state. */
static DWORD wait_for_reader0(DWORD flag)
{
    SCARD_READERSTATEW state = {.szReader = READER0_W, .dwCurrentState = SCARD_STATE_UNAWARE};
    DWORD start = GetTickCount();
    while (GetTickCount() - start < WAIT_MS) {
        LONG rc = SCardGetStatusChangeW(context, 1000, &state, 1);
        if (rc == SCARD_S_SUCCESS && (state.dwEventState & flag)) {
            return state.dwEventState;
        }
        if (rc == SCARD_S_SUCCESS) {
            state.dwCurrentState = state.dwEventState;
        }
    }
    CHECK(!"reader 0 reached the state in time");
    return state.dwEventState;
}

/* ---- tests ---- */

static void data_exports_are_windows_pci_headers(void)
{
    CHECK(g_rgSCardT0Pci.dwProtocol == SCARD_PROTOCOL_T0 && g_rgSCardT0Pci.cbPciLength == 8);
    CHECK(g_rgSCardT1Pci.dwProtocol == SCARD_PROTOCOL_T1 && g_rgSCardT1Pci.cbPciLength == 8);
    CHECK(g_rgSCardRawPci.dwProtocol == 0x00010000 && g_rgSCardRawPci.cbPciLength == 8);
    CHECK(sizeof(SCARDCONTEXT) == 8 && sizeof(DWORD) == 4 && sizeof(LONG) == 4);
}

static void context_is_established_and_checked(void)
{
    CHECK(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, NULL) == SCARD_E_INVALID_PARAMETER);
    CHECK(SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &context) == SCARD_S_SUCCESS);
    CHECK(context != 0);
    CHECK(SCardIsValidContext(context) == SCARD_S_SUCCESS);

    SCARDCONTEXT released;
    CHECK(SCardEstablishContext(SCARD_SCOPE_USER, NULL, NULL, &released) == SCARD_S_SUCCESS);
    CHECK(SCardReleaseContext(released) == SCARD_S_SUCCESS);
    CHECK(SCardIsValidContext(released) == (LONG)SCARD_E_INVALID_HANDLE);
}

static void readers_list_as_utf16_multi_string_with_windows_buffer_rules(void)
{
    static const WCHAR expected[] = READER0_W L"\0" READER1_W L"\0"; /* the literal adds the final NUL */
    DWORD length = 0;
    CHECK(SCardListReadersW(context, NULL, NULL, &length) == SCARD_S_SUCCESS);
    CHECK(length == sizeof expected / sizeof(WCHAR));

    WCHAR small[8];
    DWORD small_length = 8;
    CHECK(SCardListReadersW(context, NULL, small, &small_length) == (LONG)SCARD_E_INSUFFICIENT_BUFFER);
    CHECK(small_length == length);

    WCHAR names[128];
    DWORD names_length = 128;
    CHECK(SCardListReadersW(context, NULL, names, &names_length) == SCARD_S_SUCCESS);
    CHECK(names_length == length && memcmp(names, expected, sizeof expected) == 0);

    LPWSTR allocated = NULL;
    DWORD auto_length = SCARD_AUTOALLOCATE;
    CHECK(SCardListReadersW(context, NULL, (LPWSTR)&allocated, &auto_length) == SCARD_S_SUCCESS);
    CHECK(allocated && auto_length == length && memcmp(allocated, expected, sizeof expected) == 0);
    CHECK(SCardFreeMemory(context, allocated) == SCARD_S_SUCCESS);

    CHECK(SCardListReadersW(0, NULL, NULL, &length) == SCARD_S_SUCCESS); /* Windows lists without a context */
    CHECK(SCardListReadersW(context, NULL, names, NULL) == SCARD_E_INVALID_PARAMETER);
}

static void readers_list_as_ansi_multi_string(void)
{
    static const char expected[] = READER0 "\0" READER1 "\0";
    char names[128];
    DWORD length = sizeof names;
    CHECK(SCardListReadersA(context, NULL, names, &length) == SCARD_S_SUCCESS);
    CHECK(length == sizeof expected && memcmp(names, expected, sizeof expected) == 0);
}

static void empty_readers_and_the_pnp_entry_report_their_state(void)
{
    SCARD_READERSTATEW states[3] = {
        {.szReader = READER0_W, .dwCurrentState = SCARD_STATE_UNAWARE},
        {.szReader = READER1_W, .dwCurrentState = SCARD_STATE_UNAWARE},
        {.szReader = L"\\\\?PnP?\\Notification", .dwCurrentState = SCARD_STATE_UNAWARE},
    };
    CHECK(SCardGetStatusChangeW(context, 0, states, 3) == SCARD_S_SUCCESS);
    CHECK(states[0].dwEventState & SCARD_STATE_EMPTY);
    CHECK(states[1].dwEventState & SCARD_STATE_EMPTY);
    CHECK(states[0].cbAtr == 0);

    /* Nothing changes: a finite wait ends in SCARD_E_TIMEOUT. */
    for (int i = 0; i < 3; i++) {
        states[i].dwCurrentState = states[i].dwEventState & ~SCARD_STATE_CHANGED;
    }
    DWORD start = GetTickCount();
    CHECK(SCardGetStatusChangeW(context, 300, states, 3) == (LONG)SCARD_E_TIMEOUT);
    CHECK(GetTickCount() - start >= 250);

    SCARD_READERSTATEW unknown = {.szReader = L"No Such Reader 00 00", .dwCurrentState = SCARD_STATE_UNAWARE};
    LONG rc = SCardGetStatusChangeW(context, 0, &unknown, 1);
    CHECK(rc == (LONG)SCARD_E_UNKNOWN_READER || (rc == SCARD_S_SUCCESS && (unknown.dwEventState & SCARD_STATE_UNKNOWN)));
}

static void insertion_shows_the_atr_and_counts_the_event_in_the_upper_bits(void)
{
    SCARD_READERSTATEW state = {.szReader = READER0_W, .dwCurrentState = SCARD_STATE_UNAWARE};
    CHECK(SCardGetStatusChangeW(context, 0, &state, 1) == SCARD_S_SUCCESS);
    DWORD before = state.dwEventState >> 16;
    insert_card();
    DWORD present = wait_for_reader0(SCARD_STATE_PRESENT);
    CHECK((present >> 16) > before); /* the counter moved with the insertion */

    state.dwCurrentState = SCARD_STATE_UNAWARE;
    CHECK(SCardGetStatusChangeW(context, 0, &state, 1) == SCARD_S_SUCCESS);
    CHECK(state.cbAtr == sizeof card_atr && memcmp(state.rgbAtr, card_atr, sizeof card_atr) == 0);

    /* Given back with its counter, the state is current: no change, a timeout. */
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    CHECK(SCardGetStatusChangeW(context, 200, &state, 1) == (LONG)SCARD_E_TIMEOUT);

    SCARD_READERSTATEA ansi = {.szReader = READER0, .dwCurrentState = SCARD_STATE_UNAWARE};
    CHECK(SCardGetStatusChangeA(context, 0, &ansi, 1) == SCARD_S_SUCCESS);
    CHECK((ansi.dwEventState & SCARD_STATE_PRESENT) && ansi.cbAtr == sizeof card_atr);
}

static SCARDHANDLE card;
static DWORD protocol;

static void connect_status_and_transmit_as_on_windows(void)
{
    CHECK(SCardConnectW(context, READER0_W, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1, &card, &protocol) ==
          SCARD_S_SUCCESS);
    CHECK(protocol == SCARD_PROTOCOL_T0);

    WCHAR name[64];
    DWORD name_length = 64;
    DWORD state = 0;
    DWORD active = 0;
    BYTE atr[36];
    DWORD atr_length = sizeof atr;
    CHECK(SCardStatusW(card, name, &name_length, &state, &active, atr, &atr_length) == SCARD_S_SUCCESS);
    CHECK(name_length == sizeof READER0_W / sizeof(WCHAR) + 1 && wcscmp(name, READER0_W) == 0 && name[name_length - 1] == 0);
    CHECK(state == SCARD_SPECIFIC); /* the enumeration, not pcsc-lite's bits */
    CHECK(active == SCARD_PROTOCOL_T0);
    CHECK(atr_length == sizeof card_atr && memcmp(atr, card_atr, sizeof card_atr) == 0);

    LPSTR ansi_names = NULL;
    LPBYTE allocated_atr = NULL;
    DWORD ansi_length = SCARD_AUTOALLOCATE;
    DWORD auto_atr = SCARD_AUTOALLOCATE;
    CHECK(SCardStatusA(card, (LPSTR)&ansi_names, &ansi_length, NULL, NULL, (LPBYTE)&allocated_atr, &auto_atr) == SCARD_S_SUCCESS);
    CHECK(ansi_names && strcmp(ansi_names, READER0) == 0 && ansi_length == sizeof READER0 + 1);
    CHECK(allocated_atr && auto_atr == sizeof card_atr);
    SCardFreeMemory(context, ansi_names);
    SCardFreeMemory(context, allocated_atr);

    BYTE response[258];
    DWORD response_length = sizeof response;
    SCARD_IO_REQUEST receive_pci = {0, 0};
    CHECK(SCardTransmit(card, SCARD_PCI_T0, get_data, sizeof get_data, &receive_pci, response, &response_length) == SCARD_S_SUCCESS);
    CHECK(response_length == 10 && response[0] == 0x11 && response[8] == 0x90 && response[9] == 0x00);
    CHECK(receive_pci.dwProtocol == SCARD_PROTOCOL_T0 && receive_pci.cbPciLength == 8);

    DWORD short_length = 4;
    CHECK(SCardTransmit(card, SCARD_PCI_T0, get_data, sizeof get_data, NULL, response, &short_length) ==
          (LONG)SCARD_E_INSUFFICIENT_BUFFER);
    CHECK(SCardTransmit(card, NULL, get_data, sizeof get_data, NULL, response, &response_length) == SCARD_E_INVALID_PARAMETER);

    CHECK(SCardBeginTransaction(card) == SCARD_S_SUCCESS);
    CHECK(SCardEndTransaction(card, SCARD_LEAVE_CARD) == SCARD_S_SUCCESS);
    CHECK(SCardReconnect(card, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, SCARD_RESET_CARD, &active) == SCARD_S_SUCCESS);
    CHECK(active == SCARD_PROTOCOL_T0);

    /* vpcd's driver has no attributes: pcsc-lite's 0x8010001F, which Windows names SCARD_E_UNEXPECTED. */
    BYTE attribute[64];
    DWORD attribute_length = sizeof attribute;
    CHECK(SCardGetAttrib(card, SCARD_ATTR_ATR_STRING, attribute, &attribute_length) == (LONG)SCARD_E_UNEXPECTED);

    /* CM_IOCTL_GET_FEATURE_REQUEST in its Windows form reaches the driver (vpcd has no PIN pad: no features). */
    BYTE features[256];
    DWORD returned = 12345;
    LONG rc = SCardControl(card, SCARD_CTL_CODE(3400), NULL, 0, features, sizeof features, &returned);
    CHECK(rc == SCARD_S_SUCCESS ? returned % 6 == 0 : rc != SCARD_E_INVALID_PARAMETER);
}

static void a_pulled_card_gives_windows_error_codes_and_counts_again(void)
{
    DWORD before = wait_for_reader0(SCARD_STATE_PRESENT) >> 16;
    remove_card();
    DWORD empty = wait_for_reader0(SCARD_STATE_EMPTY);
    CHECK((empty >> 16) > before);

    BYTE response[32];
    DWORD response_length = sizeof response;
    LONG rc = SCardTransmit(card, SCARD_PCI_T0, get_data, sizeof get_data, NULL, response, &response_length);
    CHECK(rc == (LONG)SCARD_W_REMOVED_CARD || rc == (LONG)SCARD_E_NOT_TRANSACTED);
    CHECK(SCardDisconnect(card, SCARD_LEAVE_CARD) == SCARD_S_SUCCESS);

    SCARDHANDLE none;
    DWORD active;
    CHECK(SCardConnectA(context, READER0, SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, &none, &active) == (LONG)SCARD_E_NO_SMARTCARD);
    CHECK(SCardConnectW(context, L"No Such Reader 00 00", SCARD_SHARE_SHARED, SCARD_PROTOCOL_T0, &none, &active) ==
          (LONG)SCARD_E_UNKNOWN_READER);
    CHECK(SCardTransmit(card, SCARD_PCI_T0, get_data, sizeof get_data, NULL, response, &response_length) ==
          (LONG)SCARD_E_INVALID_HANDLE);
}

struct blocked_wait {
    LONG rc;
    HANDLE returned;
};

static DWORD WINAPI wait_forever(LPVOID argument)
{
    struct blocked_wait *wait = argument;
    SCARD_READERSTATEW state = {.szReader = READER1_W, .dwCurrentState = SCARD_STATE_UNAWARE};
    SCardGetStatusChangeW(context, 0, &state, 1);
    state.dwCurrentState = state.dwEventState & ~SCARD_STATE_CHANGED;
    wait->rc = SCardGetStatusChangeW(context, INFINITE, &state, 1);
    SetEvent(wait->returned);
    return 0;
}

static void cancel_wakes_an_infinite_wait_from_another_thread(void)
{
    struct blocked_wait wait = {0, CreateEventW(NULL, TRUE, FALSE, NULL)};
    HANDLE thread = CreateThread(NULL, 0, wait_forever, &wait, 0, NULL);
    CHECK(WaitForSingleObject(wait.returned, 500) == WAIT_TIMEOUT); /* blocked */
    DWORD start = GetTickCount();
    CHECK(SCardCancel(context) == SCARD_S_SUCCESS);
    CHECK(WaitForSingleObject(wait.returned, 2000) == WAIT_OBJECT_0);
    CHECK(GetTickCount() - start < 2000);
    CHECK(wait.rc == (LONG)SCARD_E_CANCELLED);
    WaitForSingleObject(thread, WAIT_MS);
    CloseHandle(thread);
    CloseHandle(wait.returned);
}

static void released_context_is_refused_with_windows_codes(void)
{
    CHECK(SCardReleaseContext(context) == SCARD_S_SUCCESS);
    DWORD length = 0;
    CHECK(SCardListReadersW(context, NULL, NULL, &length) == (LONG)SCARD_E_INVALID_HANDLE);
}

int main(void)
{
    WSADATA data;
    WSAStartup(MAKEWORD(2, 2), &data);
    printf("passthrough-test: the Windows PC/SC API through winscard.dll, winscard-bridge and pcscd\n");
    run("data_exports_are_windows_pci_headers", data_exports_are_windows_pci_headers);
    run("context_is_established_and_checked", context_is_established_and_checked);
    run("readers_list_as_utf16_multi_string_with_windows_buffer_rules", readers_list_as_utf16_multi_string_with_windows_buffer_rules);
    run("readers_list_as_ansi_multi_string", readers_list_as_ansi_multi_string);
    run("empty_readers_and_the_pnp_entry_report_their_state", empty_readers_and_the_pnp_entry_report_their_state);
    run("insertion_shows_the_atr_and_counts_the_event_in_the_upper_bits", insertion_shows_the_atr_and_counts_the_event_in_the_upper_bits);
    run("connect_status_and_transmit_as_on_windows", connect_status_and_transmit_as_on_windows);
    run("a_pulled_card_gives_windows_error_codes_and_counts_again", a_pulled_card_gives_windows_error_codes_and_counts_again);
    run("cancel_wakes_an_infinite_wait_from_another_thread", cancel_wakes_an_infinite_wait_from_another_thread);
    run("released_context_is_refused_with_windows_codes", released_context_is_refused_with_windows_codes);
    return finish("passthrough-test");
}
