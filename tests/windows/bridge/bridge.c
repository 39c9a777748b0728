/*
 * winscard-bridge: the Linux half of the pass-through. Listens on a loopback TCP port, takes the pass-through
 * DLL's calls (common/protocol.h) and makes them on libpcsclite, so a Windows program under wine reaches the real
 * pcscd. One thread per connection (the DLL opens one per calling thread), so a GetStatusChange blocked on one
 * connection is woken by an SCardCancel arriving on another, as on Windows.
 *
 *   winscard-bridge [--listen 127.0.0.1:PORT] [--pcscd PATH]
 *
 * Port 0 picks a free port. Prints "listening 127.0.0.1:PORT" on stdout once it accepts calls. Only loopback
 * addresses are accepted. On SIGTERM or SIGINT it stops the pcscd it started (PT_DAEMON_START), if any, and exits.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <PCSC/winscard.h>

#include "../common/protocol.h"
#include "../common/translate.h"
#include "../common/wire.h"

#define PCSCD_SOCKET "/run/pcscd/pcscd.comm"

/* Contexts per client process, released when the client's lifeline connection closes. */
struct held_context {
    uint64_t client;
    SCARDCONTEXT context;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct held_context *held;
static size_t held_count;
static size_t held_capacity;

static const char *pcscd_path = "/usr/sbin/pcscd";
static pid_t pcscd_pid; /* guarded by lock */
static volatile sig_atomic_t stopping;

static void hold(uint64_t client, SCARDCONTEXT context)
{
    pthread_mutex_lock(&lock);
    if (held_count == held_capacity) {
        size_t capacity = held_capacity ? 2 * held_capacity : 16;
        struct held_context *grown = realloc(held, capacity * sizeof *held);
        if (!grown) {
            pthread_mutex_unlock(&lock);
            return; /* only the cleanup at the client's exit is lost */
        }
        held = grown;
        held_capacity = capacity;
    }
    held[held_count++] = (struct held_context){client, context};
    pthread_mutex_unlock(&lock);
}

static void forget(SCARDCONTEXT context)
{
    pthread_mutex_lock(&lock);
    for (size_t i = 0; i < held_count; i++) {
        if (held[i].context == context) {
            held[i] = held[--held_count];
            break;
        }
    }
    pthread_mutex_unlock(&lock);
}

static void release_client(uint64_t client)
{
    for (;;) {
        SCARDCONTEXT context = 0;
        pthread_mutex_lock(&lock);
        for (size_t i = 0; i < held_count; i++) {
            if (held[i].client == client) {
                context = held[i].context;
                held[i] = held[--held_count];
                break;
            }
        }
        pthread_mutex_unlock(&lock);
        if (!context) {
            return;
        }
        SCardCancel(context);
        SCardReleaseContext(context);
    }
}

static int pcscd_accepts(void)
{
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, PCSCD_SOCKET, sizeof address.sun_path - 1);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&address, sizeof address) == 0;
    if (fd >= 0) {
        close(fd);
    }
    return ok;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void pause_ms(int ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
}

/* Waits up to timeout_ms for the started pcscd to exit; 1 when it did. Caller holds lock. */
static int reap_pcscd(uint32_t timeout_ms)
{
    double deadline = now_ms() + timeout_ms;
    do {
        if (waitpid(pcscd_pid, NULL, WNOHANG) == pcscd_pid) {
            pcscd_pid = 0;
            return 1;
        }
        pause_ms(10);
    } while (now_ms() < deadline);
    return 0;
}

static const char *daemon_start(uint32_t timeout_ms)
{
    if (pcscd_pid) {
        return "pcscd is already running";
    }
    if (pcscd_accepts()) {
        return "another pcscd already serves " PCSCD_SOCKET "; run in a private namespace (scripts/test.sh does) or stop it";
    }
    pid_t pid = fork();
    if (pid < 0) {
        return "fork failed";
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) {
            dup2(null, STDIN_FILENO);
            dup2(null, STDOUT_FILENO);
        }
        execl(pcscd_path, pcscd_path, "--foreground", "--info", (char *)NULL);
        _exit(127);
    }
    pcscd_pid = pid;
    double deadline = now_ms() + timeout_ms;
    while (!pcscd_accepts()) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            pcscd_pid = 0;
            return "pcscd exited at start";
        }
        if (now_ms() > deadline) {
            kill(pid, SIGKILL);
            reap_pcscd(5000);
            return "pcscd did not open " PCSCD_SOCKET " in time";
        }
        pause_ms(20);
    }
    return NULL;
}

static const char *daemon_stop(uint32_t timeout_ms, int signal)
{
    if (!pcscd_pid) {
        return NULL;
    }
    kill(pcscd_pid, signal);
    if (!reap_pcscd(timeout_ms)) {
        kill(pcscd_pid, SIGKILL);
        if (!reap_pcscd(5000)) {
            return "pcscd did not exit after SIGKILL";
        }
    }
    return NULL;
}

static void answer_daemon(struct pt_buffer *answer, const char *error)
{
    pt_put_u32(answer, error ? 1 : 0);
    pt_put_bytes(answer, error ? error : "", error ? (uint32_t)strlen(error) : 0);
}

/* Copies a bytes field into a NUL-terminated string (pcsc-lite takes C strings); NULL when missing. */
static char *get_string(struct pt_buffer *request)
{
    uint32_t length;
    const unsigned char *bytes = pt_get_bytes(request, &length);
    if (request->failed) {
        return NULL;
    }
    char *text = malloc(length + 1);
    if (text) {
        memcpy(text, bytes, length);
        text[length] = 0;
    }
    return text;
}

static void list_readers(SCARDCONTEXT context, struct pt_buffer *answer)
{
    /* Windows lets a program list readers without a context; pcsc-lite needs one. */
    SCARDCONTEXT own = 0;
    LONG rc = SCARD_S_SUCCESS;
    if (!context) {
        rc = SCardEstablishContext(SCARD_SCOPE_SYSTEM, NULL, NULL, &own);
        context = own;
    }
    char *readers = NULL;
    DWORD length = SCARD_AUTOALLOCATE;
    if (rc == SCARD_S_SUCCESS) {
        rc = SCardListReaders(context, NULL, (char *)&readers, &length);
    }
    pt_put_u32(answer, pt_error_to_windows(rc));
    pt_put_bytes(answer, readers, rc == SCARD_S_SUCCESS ? (uint32_t)length : 0);
    if (readers) {
        SCardFreeMemory(context, readers);
    }
    if (own) {
        SCardReleaseContext(own);
    }
}

static void get_status_change(struct pt_buffer *request, struct pt_buffer *answer)
{
    SCARDCONTEXT context = (SCARDCONTEXT)pt_get_u64(request);
    DWORD timeout = pt_get_u32(request);
    uint32_t count = pt_get_u32(request);
    if (request->failed || count > 1024) {
        pt_put_u32(answer, PT_E_INVALID_PARAMETER);
        return;
    }
    SCARD_READERSTATE *states = calloc(count ? count : 1, sizeof *states);
    int ok = states != NULL;
    for (uint32_t i = 0; ok && i < count; i++) {
        states[i].szReader = get_string(request);
        states[i].dwCurrentState = pt_get_u32(request);
        ok = states[i].szReader && !request->failed;
    }
    LONG rc = ok ? SCardGetStatusChange(context, timeout, states, count) : (LONG)PT_E_INVALID_PARAMETER;
    pt_put_u32(answer, pt_error_to_windows(rc));
    for (uint32_t i = 0; ok && i < count; i++) {
        pt_put_u32(answer, (uint32_t)states[i].dwEventState);
        pt_put_bytes(answer, states[i].rgbAtr, (uint32_t)(states[i].cbAtr <= MAX_ATR_SIZE ? states[i].cbAtr : 0));
    }
    for (uint32_t i = 0; states && i < count; i++) {
        free((char *)states[i].szReader);
    }
    free(states);
}

static void transmit(struct pt_buffer *request, struct pt_buffer *answer)
{
    SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
    SCARD_IO_REQUEST send_pci = {.dwProtocol = pt_get_u32(request), .cbPciLength = sizeof(SCARD_IO_REQUEST)};
    uint32_t length;
    const unsigned char *command = pt_get_bytes(request, &length);
    DWORD capacity = pt_get_u32(request);
    unsigned char *response = request->failed || capacity > PT_MAX_FRAME / 2 ? NULL : malloc(capacity ? capacity : 1);
    if (!response) {
        pt_put_u32(answer, PT_E_INVALID_PARAMETER);
        return;
    }
    SCARD_IO_REQUEST receive_pci = {0, sizeof(SCARD_IO_REQUEST)};
    LONG rc = SCardTransmit(card, &send_pci, command, length, &receive_pci, response, &capacity);
    pt_put_u32(answer, pt_error_to_windows(rc));
    pt_put_u32(answer, (uint32_t)receive_pci.dwProtocol);
    pt_put_u32(answer, (uint32_t)capacity);
    pt_put_bytes(answer, response, rc == SCARD_S_SUCCESS ? (uint32_t)capacity : 0);
    free(response);
}

static void control(struct pt_buffer *request, struct pt_buffer *answer)
{
    SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
    DWORD code = pt_get_u32(request);
    uint32_t length;
    const unsigned char *input = pt_get_bytes(request, &length);
    DWORD capacity = pt_get_u32(request);
    unsigned char *output = request->failed || capacity > PT_MAX_FRAME / 2 ? NULL : malloc(capacity ? capacity : 1);
    if (!output) {
        pt_put_u32(answer, PT_E_INVALID_PARAMETER);
        return;
    }
    DWORD returned = 0;
    LONG rc = SCardControl(card, code, input, length, output, capacity, &returned);
    pt_put_u32(answer, pt_error_to_windows(rc));
    pt_put_u32(answer, (uint32_t)returned);
    pt_put_bytes(answer, output, rc == SCARD_S_SUCCESS ? (uint32_t)returned : 0);
    free(output);
}

static void status(struct pt_buffer *request, struct pt_buffer *answer)
{
    SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
    char names[4096];
    DWORD names_length = sizeof names;
    DWORD state = 0;
    DWORD protocol = 0;
    unsigned char atr[MAX_ATR_SIZE];
    DWORD atr_length = sizeof atr;
    LONG rc = SCardStatus(card, names, &names_length, &state, &protocol, atr, &atr_length);
    int ok = rc == SCARD_S_SUCCESS;
    pt_put_u32(answer, pt_error_to_windows(rc));
    pt_put_bytes(answer, names, ok ? (uint32_t)names_length : 0);
    pt_put_u32(answer, (uint32_t)state);
    pt_put_u32(answer, (uint32_t)protocol);
    pt_put_bytes(answer, atr, ok ? (uint32_t)atr_length : 0);
}

static void get_attrib(struct pt_buffer *request, struct pt_buffer *answer)
{
    SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
    DWORD attribute = pt_get_u32(request);
    DWORD capacity = pt_get_u32(request);
    unsigned char *value = request->failed || capacity > PT_MAX_FRAME / 2 ? NULL : malloc(capacity ? capacity : 1);
    if (!value) {
        pt_put_u32(answer, PT_E_INVALID_PARAMETER);
        return;
    }
    DWORD length = capacity;
    LONG rc = SCardGetAttrib(card, attribute, capacity ? value : NULL, &length);
    pt_put_u32(answer, pt_error_to_windows(rc));
    pt_put_u32(answer, (uint32_t)length);
    pt_put_bytes(answer, value, rc == SCARD_S_SUCCESS && capacity ? (uint32_t)length : 0);
    free(value);
}

/* Executes one request; returns -1 when the request was malformed (the connection is then closed). */
static int execute(uint32_t operation, struct pt_buffer *request, struct pt_buffer *answer, uint64_t client)
{
    switch (operation) {
    case PT_ESTABLISH_CONTEXT: {
        SCARDCONTEXT context = 0;
        LONG rc = SCardEstablishContext(pt_get_u32(request), NULL, NULL, &context);
        if (rc == SCARD_S_SUCCESS) {
            hold(client, context);
        }
        pt_put_u32(answer, pt_error_to_windows(rc));
        pt_put_u64(answer, (uint64_t)context);
        break;
    }
    case PT_RELEASE_CONTEXT: {
        SCARDCONTEXT context = (SCARDCONTEXT)pt_get_u64(request);
        forget(context);
        pt_put_u32(answer, pt_error_to_windows(SCardReleaseContext(context)));
        break;
    }
    case PT_IS_VALID_CONTEXT:
        pt_put_u32(answer, pt_error_to_windows(SCardIsValidContext((SCARDCONTEXT)pt_get_u64(request))));
        break;
    case PT_LIST_READERS:
        list_readers((SCARDCONTEXT)pt_get_u64(request), answer);
        break;
    case PT_GET_STATUS_CHANGE:
        get_status_change(request, answer);
        break;
    case PT_CANCEL:
        pt_put_u32(answer, pt_error_to_windows(SCardCancel((SCARDCONTEXT)pt_get_u64(request))));
        break;
    case PT_CONNECT: {
        SCARDCONTEXT context = (SCARDCONTEXT)pt_get_u64(request);
        char *reader = get_string(request);
        DWORD share = pt_get_u32(request);
        DWORD protocols = pt_get_u32(request);
        SCARDHANDLE card = 0;
        DWORD active = 0;
        LONG rc = reader && !request->failed ? SCardConnect(context, reader, share, protocols, &card, &active)
                                             : (LONG)PT_E_INVALID_PARAMETER;
        free(reader);
        pt_put_u32(answer, pt_error_to_windows(rc));
        pt_put_u64(answer, (uint64_t)card);
        pt_put_u32(answer, (uint32_t)active);
        break;
    }
    case PT_RECONNECT: {
        SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
        DWORD share = pt_get_u32(request);
        DWORD protocols = pt_get_u32(request);
        DWORD initialization = pt_get_u32(request);
        DWORD active = 0;
        LONG rc = SCardReconnect(card, share, protocols, initialization, &active);
        pt_put_u32(answer, pt_error_to_windows(rc));
        pt_put_u32(answer, (uint32_t)active);
        break;
    }
    case PT_DISCONNECT: {
        SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
        pt_put_u32(answer, pt_error_to_windows(SCardDisconnect(card, pt_get_u32(request))));
        break;
    }
    case PT_BEGIN_TRANSACTION:
        pt_put_u32(answer, pt_error_to_windows(SCardBeginTransaction((SCARDHANDLE)pt_get_u64(request))));
        break;
    case PT_END_TRANSACTION: {
        SCARDHANDLE card = (SCARDHANDLE)pt_get_u64(request);
        pt_put_u32(answer, pt_error_to_windows(SCardEndTransaction(card, pt_get_u32(request))));
        break;
    }
    case PT_TRANSMIT:
        transmit(request, answer);
        break;
    case PT_CONTROL:
        control(request, answer);
        break;
    case PT_STATUS:
        status(request, answer);
        break;
    case PT_GET_ATTRIB:
        get_attrib(request, answer);
        break;
    case PT_DAEMON_START:
    case PT_DAEMON_STOP:
    case PT_DAEMON_KILL: {
        uint32_t timeout_ms = operation == PT_DAEMON_KILL ? 5000 : pt_get_u32(request);
        pthread_mutex_lock(&lock);
        const char *error = operation == PT_DAEMON_START ? daemon_start(timeout_ms)
                            : operation == PT_DAEMON_STOP ? daemon_stop(timeout_ms, SIGTERM)
                                                          : daemon_stop(timeout_ms, SIGKILL);
        pthread_mutex_unlock(&lock);
        answer_daemon(answer, error);
        break;
    }
    default:
        return -1;
    }
    return request->failed ? -1 : 0;
}

static void *serve(void *argument)
{
    int fd = (int)(intptr_t)argument;
    struct pt_buffer request = {0};
    struct pt_buffer answer = {0};
    uint64_t client = 0;
    int lifeline = 0;
    while (pt_receive_frame(fd, &request) == 0) {
        uint32_t operation = pt_get_u32(&request);
        answer.length = 0;
        if (operation == PT_HELLO) {
            client = pt_get_u64(&request);
            lifeline = pt_get_u32(&request) == 1;
            pt_put_u32(&answer, 0);
        } else if (execute(operation, &request, &answer, client) != 0) {
            break;
        }
        if (request.failed || pt_send_frame(fd, &answer) != 0) {
            break;
        }
    }
    close(fd);
    if (lifeline) {
        release_client(client);
    }
    pt_buffer_free(&request);
    pt_buffer_free(&answer);
    return NULL;
}

static int listen_on(const char *address, struct sockaddr_in *bound)
{
    char host[64];
    const char *colon = strrchr(address, ':');
    if (!colon || (size_t)(colon - address) >= sizeof host) {
        fprintf(stderr, "winscard-bridge: --listen takes HOST:PORT, got %s\n", address);
        return -1;
    }
    memcpy(host, address, (size_t)(colon - address));
    host[colon - address] = 0;
    struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(colon + 1))};
    if (inet_pton(AF_INET, host, &in.sin_addr) != 1 || (ntohl(in.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "winscard-bridge: only loopback addresses (127.0.0.0/8), got %s\n", host);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    socklen_t size = sizeof *bound;
    if (fd < 0 || bind(fd, (struct sockaddr *)&in, sizeof in) || listen(fd, 64) ||
        getsockname(fd, (struct sockaddr *)bound, &size)) {
        fprintf(stderr, "winscard-bridge: cannot listen on %s: %s\n", address, strerror(errno));
        return -1;
    }
    return fd;
}

static void on_signal(int number)
{
    (void)number;
    stopping = 1;
}

int main(int argc, char **argv)
{
    const char *address = PT_DEFAULT_ADDRESS;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--listen") && i + 1 < argc) {
            address = argv[++i];
        } else if (!strcmp(argv[i], "--pcscd") && i + 1 < argc) {
            pcscd_path = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--listen 127.0.0.1:PORT] [--pcscd PATH]\n", argv[0]);
            return 2;
        }
    }
    struct sockaddr_in bound;
    int listener = listen_on(address, &bound);
    if (listener < 0) {
        return 2;
    }
    /* No SA_RESTART: the signal interrupts accept() so the loop sees it. */
    struct sigaction action = {.sa_handler = on_signal};
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("listening 127.0.0.1:%d\n", ntohs(bound.sin_port));
    fflush(stdout);
    while (!stopping) {
        int fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0) {
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&thread, &attributes, serve, (void *)(intptr_t)fd) != 0) {
            close(fd);
        }
        pthread_attr_destroy(&attributes);
    }
    pthread_mutex_lock(&lock);
    daemon_stop(5000, SIGTERM);
    pthread_mutex_unlock(&lock);
    return 0;
}
