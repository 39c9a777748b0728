/*
 * A pass-through winscard.dll: the Windows PC/SC API as Windows defines it (32-bit DWORD and LONG, UTF-16 names
 * for the W entry points, ANSI for the A ones, SCARD_AUTOALLOCATE with SCardFreeMemory, Windows' protocol,
 * card-state and control-code values, the g_rgSCard*Pci data exports), each call forwarded over loopback to
 * winscard-bridge, which makes it on libpcsclite. Test infrastructure: placed beside a Windows program under
 * wine64 with WINEDLLOVERRIDES=winscard=n it replaces wine's own winscard (a stub), so the program reaches the
 * real pcscd, vpcd and a simulated card.
 *
 * Each calling thread has its own connection to the bridge, so a call blocked in one thread (GetStatusChange
 * with INFINITE, a slow transmit) never holds up another, and SCardCancel from another thread wakes it. One more
 * connection per process, the lifeline, tells the bridge when the process is gone so it releases the contexts
 * the process held. Every wait on the bridge is bounded (CALL_TIMEOUT_MS), except a GetStatusChange the caller
 * asked to wait without a timeout: that one ends when PC/SC answers, SCardCancel wakes it, or the bridge goes away.
 */
/* windows.h brings winscard.h, whose data declarations would otherwise be imports: this DLL defines them. */
#define WINSCARDDATA
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <winscard.h>

#include "../common/protocol.h"
#include "../common/translate.h"
#include "../common/wire.h"

/* Longer than any PC/SC call takes through pcscd and vpcd, including a mute card's timeout. */
#define CALL_TIMEOUT_MS 120000u
#define CONNECT_TIMEOUT_MS 5000u
#define FEATURE_REQUEST_CODE (0x00310000u | PT_FEATURE_REQUEST_FUNCTION << 2)

const SCARD_IO_REQUEST g_rgSCardT0Pci = {SCARD_PROTOCOL_T0, sizeof(SCARD_IO_REQUEST)};
const SCARD_IO_REQUEST g_rgSCardT1Pci = {SCARD_PROTOCOL_T1, sizeof(SCARD_IO_REQUEST)};
const SCARD_IO_REQUEST g_rgSCardRawPci = {SCARD_PROTOCOL_RAW, sizeof(SCARD_IO_REQUEST)};

/* SCARD_READERSTATEA and W differ only in the type of the name pointer, so one implementation serves both. */
_Static_assert(sizeof(SCARD_READERSTATEA) == sizeof(SCARD_READERSTATEW), "reader states A and W");
_Static_assert(offsetof(SCARD_READERSTATEA, rgbAtr) == offsetof(SCARD_READERSTATEW, rgbAtr), "reader states A and W");

static CRITICAL_SECTION setup_lock;
static int started;
static struct sockaddr_in bridge_address;
static uint64_t client_id;
static SOCKET lifeline = INVALID_SOCKET;
static DWORD connection_slot = TLS_OUT_OF_INDEXES;

static void *allocate(size_t size)
{
    return HeapAlloc(GetProcessHeap(), 0, size);
}

static SOCKET open_connection(uint32_t is_lifeline)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        return s;
    }
    BOOL one = TRUE;
    DWORD timeout = CONNECT_TIMEOUT_MS;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&one, sizeof one);
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&timeout, sizeof timeout);
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof timeout);
    struct pt_buffer hello = {0};
    pt_put_u32(&hello, PT_HELLO);
    pt_put_u64(&hello, client_id);
    pt_put_u32(&hello, is_lifeline);
    struct pt_buffer answer = {0};
    /* Loopback either accepts or refuses at once, so a blocking connect is bounded in practice. */
    int ok = connect(s, (struct sockaddr *)&bridge_address, sizeof bridge_address) == 0 && pt_send_frame(s, &hello) == 0 &&
             pt_receive_frame(s, &answer) == 0 && pt_get_u32(&answer) == 0 && !answer.failed;
    pt_buffer_free(&hello);
    pt_buffer_free(&answer);
    if (!ok) {
        closesocket(s);
        return INVALID_SOCKET;
    }
    return s;
}

/* Winsock, the bridge's address, the client id and the lifeline, once per process (retried until it works). */
static int start(void)
{
    EnterCriticalSection(&setup_lock);
    if (!started) {
        WSADATA data;
        char address[64] = PT_DEFAULT_ADDRESS;
        GetEnvironmentVariableA(PT_ADDRESS_VARIABLE, address, sizeof address);
        char *colon = strrchr(address, ':');
        if (colon && WSAStartup(MAKEWORD(2, 2), &data) == 0) {
            *colon = 0;
            bridge_address.sin_family = AF_INET;
            bridge_address.sin_port = htons((u_short)atoi(colon + 1));
            if (inet_pton(AF_INET, address, &bridge_address.sin_addr) == 1) {
                client_id = (uint64_t)GetCurrentProcessId() << 32 ^ GetTickCount64();
                lifeline = open_connection(1);
                started = lifeline != INVALID_SOCKET;
            }
            if (!started) {
                WSACleanup();
            }
        }
    }
    int ok = started;
    LeaveCriticalSection(&setup_lock);
    return ok;
}

static void drop_connection(void)
{
    SOCKET s = (SOCKET)(uintptr_t)TlsGetValue(connection_slot);
    if (s && s != INVALID_SOCKET) {
        closesocket(s);
    }
    TlsSetValue(connection_slot, NULL);
}

/*
 * Sends the request on this thread's connection and reads the answer, whose return code it returns (the
 * fields follow in `answer`). No bridge: SCARD_E_NO_SERVICE, as Windows answers when its smart-card service is
 * not running; a lost or timed-out connection: SCARD_F_COMM_ERROR (the connection is dropped: an answer
 * arriving late must not be read as the next call's).
 */
static LONG call(struct pt_buffer *request, struct pt_buffer *answer, DWORD timeout_ms)
{
    if (!start()) {
        pt_buffer_free(request);
        return SCARD_E_NO_SERVICE;
    }
    SOCKET s = (SOCKET)(uintptr_t)TlsGetValue(connection_slot);
    if (!s) {
        s = open_connection(0);
        if (s == INVALID_SOCKET) {
            pt_buffer_free(request);
            return SCARD_E_NO_SERVICE;
        }
        TlsSetValue(connection_slot, (void *)(uintptr_t)s);
    }
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout_ms, sizeof timeout_ms);
    int ok = pt_send_frame(s, request) == 0 && pt_receive_frame(s, answer) == 0;
    pt_buffer_free(request);
    if (!ok) {
        drop_connection();
        return SCARD_F_COMM_ERROR;
    }
    LONG rc = (LONG)pt_get_u32(answer);
    return answer->failed ? SCARD_F_COMM_ERROR : rc;
}

/* A request's first field. */
static struct pt_buffer request_of(uint32_t operation)
{
    struct pt_buffer request = {0};
    pt_put_u32(&request, operation);
    return request;
}

/* Answers that carry nothing but the return code. */
static LONG simple(struct pt_buffer request)
{
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    pt_buffer_free(&answer);
    return rc;
}

/* A Windows string (UTF-16, or ANSI when !wide) as UTF-8 for the bridge; `units` -1: NUL-terminated. */
static unsigned char *to_utf8(const void *text, int wide, uint32_t *length)
{
    const WCHAR *utf16 = text;
    WCHAR *converted = NULL;
    size_t units;
    if (!wide) {
        int n = MultiByteToWideChar(CP_ACP, 0, text, -1, NULL, 0);
        converted = n > 0 ? malloc((size_t)n * sizeof(WCHAR)) : NULL;
        if (!converted || MultiByteToWideChar(CP_ACP, 0, text, -1, converted, n) != n) {
            free(converted);
            return NULL;
        }
        utf16 = converted;
    }
    units = wcslen(utf16);
    int64_t n = pt_utf16_to_utf8((const uint16_t *)utf16, units, NULL, 0);
    unsigned char *utf8 = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (utf8) {
        pt_utf16_to_utf8((const uint16_t *)utf16, units, utf8, (size_t)n);
        utf8[n] = 0;
        *length = (uint32_t)n;
    }
    free(converted);
    return utf8;
}

/*
 * UTF-8 text from the bridge (a name or multi-string, NULs included) to the caller's buffer as UTF-16 (wide) or
 * ANSI, following Windows' buffer rules (pt_deliver): lengths count characters of the caller's encoding.
 */
static LONG deliver_text(const unsigned char *utf8, uint32_t length, int wide, void *target, DWORD *count)
{
    int64_t units = pt_utf8_to_utf16(utf8, length, NULL, 0);
    WCHAR *utf16 = units >= 0 ? malloc((size_t)(units ? units : 1) * sizeof(WCHAR)) : NULL;
    if (!utf16) {
        return units < 0 ? SCARD_F_INTERNAL_ERROR : SCARD_E_NO_MEMORY;
    }
    pt_utf8_to_utf16(utf8, length, (uint16_t *)utf16, (size_t)units);
    LONG rc;
    if (wide) {
        rc = (LONG)pt_deliver(utf16, (uint32_t)units, sizeof(WCHAR), target, (uint32_t *)count, allocate);
    } else {
        int n = units ? WideCharToMultiByte(CP_ACP, 0, utf16, (int)units, NULL, 0, NULL, NULL) : 0;
        char *ansi = malloc((size_t)(n ? n : 1));
        if (ansi && n) {
            WideCharToMultiByte(CP_ACP, 0, utf16, (int)units, ansi, n, NULL, NULL);
        }
        rc = ansi ? (LONG)pt_deliver(ansi, (uint32_t)n, 1, target, (uint32_t *)count, allocate) : SCARD_E_NO_MEMORY;
        free(ansi);
    }
    free(utf16);
    return rc;
}

LONG WINAPI SCardEstablishContext(DWORD dwScope, LPCVOID pvReserved1, LPCVOID pvReserved2, LPSCARDCONTEXT phContext)
{
    (void)pvReserved1;
    (void)pvReserved2;
    if (!phContext) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_ESTABLISH_CONTEXT);
    pt_put_u32(&request, dwScope);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint64_t context = pt_get_u64(&answer);
    *phContext = rc == SCARD_S_SUCCESS && !answer.failed ? (SCARDCONTEXT)context : 0;
    pt_buffer_free(&answer);
    return rc;
}

static LONG on_context(uint32_t operation, SCARDCONTEXT context)
{
    struct pt_buffer request = request_of(operation);
    pt_put_u64(&request, (uint64_t)context);
    return simple(request);
}

LONG WINAPI SCardReleaseContext(SCARDCONTEXT hContext)
{
    return on_context(PT_RELEASE_CONTEXT, hContext);
}

LONG WINAPI SCardIsValidContext(SCARDCONTEXT hContext)
{
    return on_context(PT_IS_VALID_CONTEXT, hContext);
}

LONG WINAPI SCardCancel(SCARDCONTEXT hContext)
{
    return on_context(PT_CANCEL, hContext);
}

static LONG list_readers(SCARDCONTEXT context, int wide, void *readers, DWORD *count)
{
    if (!count) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_LIST_READERS);
    pt_put_u64(&request, (uint64_t)context);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint32_t length;
    const unsigned char *names = pt_get_bytes(&answer, &length);
    if (rc == SCARD_S_SUCCESS) {
        rc = answer.failed ? SCARD_F_COMM_ERROR : deliver_text(names, length, wide, readers, count);
    }
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardListReadersA(SCARDCONTEXT hContext, LPCSTR mszGroups, LPSTR mszReaders, LPDWORD pcchReaders)
{
    (void)mszGroups; /* every reader is in SCard$DefaultReaders */
    return list_readers(hContext, 0, mszReaders, pcchReaders);
}

LONG WINAPI SCardListReadersW(SCARDCONTEXT hContext, LPCWSTR mszGroups, LPWSTR mszReaders, LPDWORD pcchReaders)
{
    (void)mszGroups;
    return list_readers(hContext, 1, mszReaders, pcchReaders);
}

static LONG get_status_change(SCARDCONTEXT context, DWORD timeout, SCARD_READERSTATEW *states, DWORD count, int wide)
{
    if (count && !states) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_GET_STATUS_CHANGE);
    pt_put_u64(&request, (uint64_t)context);
    pt_put_u32(&request, timeout);
    pt_put_u32(&request, count);
    for (DWORD i = 0; i < count; i++) {
        uint32_t length = 0;
        unsigned char *name = states[i].szReader ? to_utf8(states[i].szReader, wide, &length) : NULL;
        if (!name) {
            pt_buffer_free(&request);
            return SCARD_E_INVALID_PARAMETER;
        }
        pt_put_bytes(&request, name, length);
        pt_put_u32(&request, states[i].dwCurrentState);
        free(name);
    }
    struct pt_buffer answer = {0};
    /* INFINITE waits as long as PC/SC does; a finite wait gets the bridge's margin on top. */
    DWORD limit = timeout == INFINITE ? 0 : timeout > INFINITE - CALL_TIMEOUT_MS ? INFINITE - 1 : timeout + CALL_TIMEOUT_MS;
    LONG rc = call(&request, &answer, limit);
    if (rc == SCARD_S_SUCCESS) {
        for (DWORD i = 0; i < count; i++) {
            DWORD event = pt_get_u32(&answer);
            uint32_t length;
            const unsigned char *atr = pt_get_bytes(&answer, &length);
            if (answer.failed || length > sizeof states[i].rgbAtr) {
                rc = SCARD_F_COMM_ERROR;
                break;
            }
            states[i].dwEventState = event;
            states[i].cbAtr = length;
            memcpy(states[i].rgbAtr, atr, length);
        }
    }
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardGetStatusChangeA(SCARDCONTEXT hContext, DWORD dwTimeout, LPSCARD_READERSTATEA rgReaderStates, DWORD cReaders)
{
    return get_status_change(hContext, dwTimeout, (SCARD_READERSTATEW *)rgReaderStates, cReaders, 0);
}

LONG WINAPI SCardGetStatusChangeW(SCARDCONTEXT hContext, DWORD dwTimeout, LPSCARD_READERSTATEW rgReaderStates, DWORD cReaders)
{
    return get_status_change(hContext, dwTimeout, rgReaderStates, cReaders, 1);
}

static LONG connect_card(SCARDCONTEXT context, const void *reader, int wide, DWORD share, DWORD protocols, LPSCARDHANDLE card,
                         LPDWORD active)
{
    uint32_t length = 0;
    unsigned char *name = reader && card && active ? to_utf8(reader, wide, &length) : NULL;
    if (!name) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_CONNECT);
    pt_put_u64(&request, (uint64_t)context);
    pt_put_bytes(&request, name, length);
    pt_put_u32(&request, share);
    pt_put_u32(&request, pt_protocols_to_lite(protocols));
    free(name);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint64_t handle = pt_get_u64(&answer);
    uint32_t protocol = pt_get_u32(&answer);
    if (rc == SCARD_S_SUCCESS && answer.failed) {
        rc = SCARD_F_COMM_ERROR;
    }
    *card = rc == SCARD_S_SUCCESS ? (SCARDHANDLE)handle : 0;
    *active = rc == SCARD_S_SUCCESS ? pt_protocols_to_windows(protocol) : 0;
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardConnectA(SCARDCONTEXT hContext, LPCSTR szReader, DWORD dwShareMode, DWORD dwPreferredProtocols,
                          LPSCARDHANDLE phCard, LPDWORD pdwActiveProtocol)
{
    return connect_card(hContext, szReader, 0, dwShareMode, dwPreferredProtocols, phCard, pdwActiveProtocol);
}

LONG WINAPI SCardConnectW(SCARDCONTEXT hContext, LPCWSTR szReader, DWORD dwShareMode, DWORD dwPreferredProtocols,
                          LPSCARDHANDLE phCard, LPDWORD pdwActiveProtocol)
{
    return connect_card(hContext, szReader, 1, dwShareMode, dwPreferredProtocols, phCard, pdwActiveProtocol);
}

LONG WINAPI SCardReconnect(SCARDHANDLE hCard, DWORD dwShareMode, DWORD dwPreferredProtocols, DWORD dwInitialization,
                           LPDWORD pdwActiveProtocol)
{
    if (!pdwActiveProtocol) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_RECONNECT);
    pt_put_u64(&request, (uint64_t)hCard);
    pt_put_u32(&request, dwShareMode);
    pt_put_u32(&request, pt_protocols_to_lite(dwPreferredProtocols));
    pt_put_u32(&request, dwInitialization);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint32_t protocol = pt_get_u32(&answer);
    *pdwActiveProtocol = rc == SCARD_S_SUCCESS ? pt_protocols_to_windows(protocol) : 0;
    pt_buffer_free(&answer);
    return rc;
}

static LONG on_card(uint32_t operation, SCARDHANDLE card, int with_disposition, DWORD disposition)
{
    struct pt_buffer request = request_of(operation);
    pt_put_u64(&request, (uint64_t)card);
    if (with_disposition) {
        pt_put_u32(&request, disposition);
    }
    return simple(request);
}

LONG WINAPI SCardDisconnect(SCARDHANDLE hCard, DWORD dwDisposition)
{
    return on_card(PT_DISCONNECT, hCard, 1, dwDisposition);
}

LONG WINAPI SCardBeginTransaction(SCARDHANDLE hCard)
{
    return on_card(PT_BEGIN_TRANSACTION, hCard, 0, 0);
}

LONG WINAPI SCardEndTransaction(SCARDHANDLE hCard, DWORD dwDisposition)
{
    return on_card(PT_END_TRANSACTION, hCard, 1, dwDisposition);
}

LONG WINAPI SCardTransmit(SCARDHANDLE hCard, LPCSCARD_IO_REQUEST pioSendPci, LPCBYTE pbSendBuffer, DWORD cbSendLength,
                          LPSCARD_IO_REQUEST pioRecvPci, LPBYTE pbRecvBuffer, LPDWORD pcbRecvLength)
{
    if (!pioSendPci || !pcbRecvLength || (cbSendLength && !pbSendBuffer) || (*pcbRecvLength && !pbRecvBuffer) ||
        *pcbRecvLength == SCARD_AUTOALLOCATE) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_TRANSMIT);
    pt_put_u64(&request, (uint64_t)hCard);
    pt_put_u32(&request, pt_protocols_to_lite(pioSendPci->dwProtocol));
    pt_put_bytes(&request, pbSendBuffer, cbSendLength);
    pt_put_u32(&request, *pcbRecvLength);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint32_t protocol = pt_get_u32(&answer);
    uint32_t needed = pt_get_u32(&answer);
    uint32_t length;
    const unsigned char *response = pt_get_bytes(&answer, &length);
    if (answer.failed && (rc == SCARD_S_SUCCESS || rc == SCARD_E_INSUFFICIENT_BUFFER)) {
        rc = SCARD_F_COMM_ERROR;
    }
    if (rc == SCARD_S_SUCCESS) {
        memcpy(pbRecvBuffer, response, length);
        *pcbRecvLength = length;
        if (pioRecvPci) {
            pioRecvPci->dwProtocol = protocol ? pt_protocols_to_windows(protocol) : pioSendPci->dwProtocol;
            pioRecvPci->cbPciLength = sizeof(SCARD_IO_REQUEST);
        }
    } else if (rc == SCARD_E_INSUFFICIENT_BUFFER) {
        *pcbRecvLength = needed;
    }
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardControl(SCARDHANDLE hCard, DWORD dwControlCode, LPCVOID lpInBuffer, DWORD cbInBufferSize, LPVOID lpOutBuffer,
                         DWORD cbOutBufferSize, LPDWORD lpBytesReturned)
{
    if (!lpBytesReturned || (cbInBufferSize && !lpInBuffer) || (cbOutBufferSize && !lpOutBuffer)) {
        return SCARD_E_INVALID_PARAMETER;
    }
    struct pt_buffer request = request_of(PT_CONTROL);
    pt_put_u64(&request, (uint64_t)hCard);
    pt_put_u32(&request, pt_control_code_to_lite(dwControlCode));
    pt_put_bytes(&request, lpInBuffer, cbInBufferSize);
    pt_put_u32(&request, cbOutBufferSize);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint32_t returned = pt_get_u32(&answer);
    uint32_t length;
    const unsigned char *output = pt_get_bytes(&answer, &length);
    if (rc == SCARD_S_SUCCESS && (answer.failed || length > cbOutBufferSize)) {
        rc = SCARD_F_COMM_ERROR;
    }
    if (rc == SCARD_S_SUCCESS) {
        memcpy(lpOutBuffer, output, length);
        if (dwControlCode == FEATURE_REQUEST_CODE) {
            pt_features_to_windows(lpOutBuffer, length);
        }
    }
    *lpBytesReturned = rc == SCARD_S_SUCCESS ? length : returned;
    pt_buffer_free(&answer);
    return rc;
}

/* pcsc-lite's SCardStatus gives the reader's name with one NUL; Windows a multi-string, ended by a second NUL. */
static LONG deliver_names(const unsigned char *utf8, uint32_t length, int wide, void *target, DWORD *count)
{
    if (length >= 2 && utf8[length - 1] == 0 && utf8[length - 2] == 0) {
        return deliver_text(utf8, length, wide, target, count);
    }
    unsigned char *multi = malloc(length + 2);
    if (!multi) {
        return SCARD_E_NO_MEMORY;
    }
    memcpy(multi, utf8, length);
    multi[length] = 0;
    uint32_t multi_length = length && utf8[length - 1] == 0 ? length + 1 : length + 2;
    multi[multi_length - 1] = 0;
    LONG rc = deliver_text(multi, multi_length, wide, target, count);
    free(multi);
    return rc;
}

static LONG status(SCARDHANDLE card, int wide, void *names, LPDWORD names_count, LPDWORD state, LPDWORD protocol, LPBYTE atr,
                   LPDWORD atr_length)
{
    struct pt_buffer request = request_of(PT_STATUS);
    pt_put_u64(&request, (uint64_t)card);
    struct pt_buffer answer = {0};
    LONG rc = call(&request, &answer, CALL_TIMEOUT_MS);
    uint32_t names_length;
    const unsigned char *utf8 = pt_get_bytes(&answer, &names_length);
    uint32_t lite_state = pt_get_u32(&answer);
    uint32_t lite_protocol = pt_get_u32(&answer);
    uint32_t atr_bytes;
    const unsigned char *atr_value = pt_get_bytes(&answer, &atr_bytes);
    if (rc == SCARD_S_SUCCESS && answer.failed) {
        rc = SCARD_F_COMM_ERROR;
    }
    if (rc == SCARD_S_SUCCESS) {
        if (state) {
            *state = pt_card_state_to_windows(lite_state, lite_protocol);
        }
        if (protocol) {
            *protocol = pt_protocols_to_windows(lite_protocol);
        }
        if (names_count) {
            rc = deliver_names(utf8, names_length, wide, names, names_count);
        }
        if (rc == SCARD_S_SUCCESS && atr_length) {
            rc = (LONG)pt_deliver(atr_value, atr_bytes, 1, atr, (uint32_t *)atr_length, allocate);
        }
    }
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardStatusA(SCARDHANDLE hCard, LPSTR mszReaderNames, LPDWORD pcchReaderLen, LPDWORD pdwState, LPDWORD pdwProtocol,
                         LPBYTE pbAtr, LPDWORD pcbAtrLen)
{
    return status(hCard, 0, mszReaderNames, pcchReaderLen, pdwState, pdwProtocol, pbAtr, pcbAtrLen);
}

LONG WINAPI SCardStatusW(SCARDHANDLE hCard, LPWSTR mszReaderNames, LPDWORD pcchReaderLen, LPDWORD pdwState, LPDWORD pdwProtocol,
                         LPBYTE pbAtr, LPDWORD pcbAtrLen)
{
    return status(hCard, 1, mszReaderNames, pcchReaderLen, pdwState, pdwProtocol, pbAtr, pcbAtrLen);
}

/* Asks the bridge for an attribute with room for `capacity` bytes (0: only its length). */
static LONG get_attrib(SCARDHANDLE card, DWORD attribute, uint32_t capacity, struct pt_buffer *answer, uint32_t *length)
{
    struct pt_buffer request = request_of(PT_GET_ATTRIB);
    pt_put_u64(&request, (uint64_t)card);
    pt_put_u32(&request, attribute);
    pt_put_u32(&request, capacity);
    LONG rc = call(&request, answer, CALL_TIMEOUT_MS);
    *length = pt_get_u32(answer);
    return rc == SCARD_S_SUCCESS && answer->failed ? SCARD_F_COMM_ERROR : rc;
}

LONG WINAPI SCardGetAttrib(SCARDHANDLE hCard, DWORD dwAttrId, LPBYTE pbAttr, LPDWORD pcbAttrLen)
{
    if (!pcbAttrLen) {
        return SCARD_E_INVALID_PARAMETER;
    }
    /* Only the length, or AUTOALLOCATE (which needs the length first): ask how long the value is. */
    uint32_t capacity = *pcbAttrLen;
    struct pt_buffer answer = {0};
    uint32_t length = 0;
    LONG rc = SCARD_S_SUCCESS;
    if (!pbAttr || capacity == SCARD_AUTOALLOCATE) {
        rc = get_attrib(hCard, dwAttrId, 0, &answer, &length);
        pt_buffer_free(&answer);
        if (rc != SCARD_S_SUCCESS || !pbAttr) {
            *pcbAttrLen = rc == SCARD_S_SUCCESS ? length : *pcbAttrLen;
            return rc;
        }
        capacity = length;
    }
    rc = get_attrib(hCard, dwAttrId, capacity, &answer, &length);
    uint32_t got;
    const unsigned char *value = pt_get_bytes(&answer, &got);
    if (rc == SCARD_S_SUCCESS) {
        rc = answer.failed ? SCARD_F_COMM_ERROR : (LONG)pt_deliver(value, got, 1, pbAttr, (uint32_t *)pcbAttrLen, allocate);
    } else if (rc == SCARD_E_INSUFFICIENT_BUFFER) {
        *pcbAttrLen = length;
    }
    pt_buffer_free(&answer);
    return rc;
}

LONG WINAPI SCardFreeMemory(SCARDCONTEXT hContext, LPCVOID pvMem)
{
    (void)hContext;
    if (pvMem) {
        HeapFree(GetProcessHeap(), 0, (LPVOID)pvMem);
    }
    return SCARD_S_SUCCESS;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance;
    switch (reason) {
    case DLL_PROCESS_ATTACH:
        InitializeCriticalSection(&setup_lock);
        connection_slot = TlsAlloc();
        return connection_slot != TLS_OUT_OF_INDEXES;
    case DLL_THREAD_DETACH:
        drop_connection();
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit (reserved set) the system closes the sockets; only an unload cleans up. */
        if (!reserved) {
            drop_connection();
            if (started) {
                closesocket(lifeline);
                WSACleanup();
            }
            TlsFree(connection_slot);
            DeleteCriticalSection(&setup_lock);
        }
        break;
    default:
        break;
    }
    return TRUE;
}
