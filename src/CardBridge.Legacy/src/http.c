/*
 * One JSON request over loopback HTTP/1.1 to the service's web listener, with the OS socket API: a non-blocking connect
 * bounded by connect_timeout_ms, then every send and receive bounded by what is left of the call's timeout. No service
 * listening answers at once (connection refused). Host is the listener's own name, and no Origin is sent: the web
 * listener's guard takes such a caller for a local program, not a page.
 */
#include "legacy.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
typedef SOCKET cb_socket;
#define CB_INVALID INVALID_SOCKET
#define cb_close closesocket
#define CB_IN_PROGRESS(e) ((e) == WSAEWOULDBLOCK || (e) == WSAEINPROGRESS)
#define cb_error() WSAGetLastError()
#else
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
typedef int cb_socket;
#define CB_INVALID (-1)
#define cb_close close
#define CB_IN_PROGRESS(e) ((e) == EINPROGRESS)
#define cb_error() errno
#endif

/* Waits until the socket is writable (writing) or readable; 1 ready, 0 timed out, -1 failed. */
static int wait_for(cb_socket s, int writing, long long deadline)
{
    long long left = deadline - cb_now_ms();
    if (left <= 0)
    {
        return 0;
    }
#ifdef _WIN32
    fd_set set, errors;
    FD_ZERO(&set);
    FD_ZERO(&errors);
    FD_SET(s, &set);
    FD_SET(s, &errors);
    struct timeval timeout = { (long)(left / 1000), (long)((left % 1000) * 1000) };
    int ready = select(0, writing ? NULL : &set, writing ? &set : NULL, &errors, &timeout);
    return ready > 0 ? 1 : ready;
#else
    struct pollfd one = { s, (short)(writing ? POLLOUT : POLLIN), 0 };
    int ready;
    do
    {
        ready = poll(&one, 1, (int)left);
    } while (ready < 0 && errno == EINTR);
    return ready > 0 ? 1 : ready;
#endif
}

static int non_blocking(cb_socket s)
{
#ifdef _WIN32
    u_long on = 1;
    return ioctlsocket(s, FIONBIO, &on) == 0 ? 0 : -1;
#else
    int flags = fcntl(s, F_GETFL, 0);
    return flags >= 0 && fcntl(s, F_SETFL, flags | O_NONBLOCK) == 0 ? 0 : -1;
#endif
}

static cb_socket connect_to(const cb_config *config, long long deadline, char *error, size_t error_size)
{
    struct sockaddr_in address;
    memset(&address, 0, sizeof address);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)config->port);
    if (inet_pton(AF_INET, config->host, &address.sin_addr) != 1)
    {
        snprintf(error, error_size, "endpoint host %s is not an IPv4 address", config->host);
        return CB_INVALID;
    }
    cb_socket s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (s == CB_INVALID || non_blocking(s) != 0)
    {
        snprintf(error, error_size, "cannot make a socket (%d)", (int)cb_error());
        if (s != CB_INVALID) cb_close(s);
        return CB_INVALID;
    }
    int on = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&on, sizeof on);
    if (connect(s, (struct sockaddr *)&address, sizeof address) != 0)
    {
        int code = (int)cb_error();
        if (!CB_IN_PROGRESS(code))
        {
            snprintf(error, error_size, "no service at %s:%d (connect failed: %d)", config->host, config->port, code);
            cb_close(s);
            return CB_INVALID;
        }
        long long connect_deadline = cb_now_ms() + config->connect_timeout_ms;
        int ready = wait_for(s, 1, connect_deadline < deadline ? connect_deadline : deadline);
        int failure = 0;
        socklen_t length = sizeof failure;
        if (ready != 1 || getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&failure, &length) != 0 || failure != 0)
        {
            snprintf(error, error_size, "no service at %s:%d (%s %d)", config->host, config->port,
                     ready == 0 ? "connect timed out after" : "connect failed:", ready == 0 ? config->connect_timeout_ms : failure);
            cb_close(s);
            return CB_INVALID;
        }
    }
    return s;
}

static int send_all(cb_socket s, const char *data, size_t length, long long deadline)
{
    while (length > 0)
    {
        if (wait_for(s, 1, deadline) != 1) return -1;
        int sent = (int)send(s, data, (int)length, 0);
        if (sent <= 0) return -1;
        data += sent;
        length -= (size_t)sent;
    }
    return 0;
}

/* Joins a chunked body in place (RFC 9112 §7.1); 0 when well formed. */
static int dechunk(char *body)
{
    char *in = body;
    char *out = body;
    for (;;)
    {
        char *end;
        unsigned long size = strtoul(in, &end, 16);
        char *line = strstr(end, "\r\n");
        if (end == in || line == NULL) return -1;
        in = line + 2;
        if (size == 0) break;
        if (strlen(in) < size + 2) return -1;
        memmove(out, in, size);
        out += size;
        in += size + 2;
    }
    *out = '\0';
    return 0;
}

static int post(const cb_config *config, const char *path, const char *body, int timeout_ms,
                char *response, size_t response_size, char *error, size_t error_size)
{
    long long deadline = cb_now_ms() + timeout_ms;
    cb_socket s = connect_to(config, deadline, error, error_size);
    if (s == CB_INVALID)
    {
        return -1;
    }
    size_t head_size = 1024 + strlen(config->api_key);
    char *head = malloc(head_size);
    if (head == NULL)
    {
        cb_close(s);
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    int head_length = snprintf(head, head_size,
        "POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
        "Content-Length: %u\r\nConnection: close\r\n%s%s%s\r\n",
        path, config->host, config->port, (unsigned)strlen(body),
        config->api_key[0] != '\0' ? "Authorization: Bearer " : "", config->api_key, config->api_key[0] != '\0' ? "\r\n" : "");
    int failed = send_all(s, head, (size_t)head_length, deadline) != 0 || send_all(s, body, strlen(body), deadline) != 0;
    free(head);
    size_t length = 0;
    while (!failed)
    {
        int ready = wait_for(s, 0, deadline);
        if (ready != 1)
        {
            snprintf(error, error_size, ready == 0 ? "no answer within %d ms" : "waiting for the answer failed", timeout_ms);
            cb_close(s);
            return -1;
        }
        if (length + 1 >= response_size)
        {
            snprintf(error, error_size, "answer longer than %u bytes", (unsigned)response_size);
            cb_close(s);
            return -1;
        }
        int got = (int)recv(s, response + length, (int)(response_size - 1 - length), 0);
        if (got == 0) break;
        if (got < 0)
        {
#ifndef _WIN32
            if (errno == EINTR || errno == EAGAIN) continue;
#else
            if (WSAGetLastError() == WSAEWOULDBLOCK) continue;
#endif
            failed = 1;
            break;
        }
        length += (size_t)got;
    }
    cb_close(s);
    if (failed)
    {
        snprintf(error, error_size, "the connection to %s:%d broke", config->host, config->port);
        return -1;
    }
    response[length] = '\0';
    int status = 0;
    char *separator = strstr(response, "\r\n\r\n");
    if (sscanf(response, "HTTP/1.%*d %d", &status) != 1 || separator == NULL)
    {
        snprintf(error, error_size, "the answer is not HTTP");
        return -1;
    }
    *separator = '\0';
    int chunked = strstr(response, "chunked") != NULL;
    char *content = separator + 4;
    memmove(response, content, strlen(content) + 1);
    if (chunked && dechunk(response) != 0)
    {
        snprintf(error, error_size, "the answer's chunked body is malformed");
        return -1;
    }
    return status;
}

int cb_http_post(const cb_config *config, const char *path, const char *body, int timeout_ms,
                 char *response, size_t response_size, char *error, size_t error_size)
{
#ifdef _WIN32
    /* Per call: Winsock counts its users, so no process-wide state (and no race between a caller's threads). */
    WSADATA data;
    if (WSAStartup(MAKEWORD(2, 2), &data) != 0)
    {
        snprintf(error, error_size, "WSAStartup failed");
        return -1;
    }
    int status = post(config, path, body, timeout_ms, response, response_size, error, error_size);
    WSACleanup();
    return status;
#else
    return post(config, path, body, timeout_ms, response, response_size, error, error_size);
#endif
}
