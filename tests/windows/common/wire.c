#include "wire.h"

#include <stdlib.h>
#include <string.h>

#include "protocol.h"

#ifndef _WIN32
#include <errno.h>
#include <sys/socket.h>
#endif

void pt_buffer_free(struct pt_buffer *buffer)
{
    free(buffer->data);
    memset(buffer, 0, sizeof *buffer);
}

static int reserve(struct pt_buffer *buffer, uint32_t more)
{
    if (buffer->failed || more > PT_MAX_FRAME - buffer->length) {
        buffer->failed = 1;
        return -1;
    }
    if (buffer->length + more > buffer->capacity) {
        uint32_t capacity = buffer->capacity ? buffer->capacity : 256;
        while (capacity < buffer->length + more) {
            capacity *= 2;
        }
        unsigned char *data = realloc(buffer->data, capacity);
        if (!data) {
            buffer->failed = 1;
            return -1;
        }
        buffer->data = data;
        buffer->capacity = capacity;
    }
    return 0;
}

void pt_put_u32(struct pt_buffer *buffer, uint32_t value)
{
    if (reserve(buffer, 4) == 0) {
        for (int i = 0; i < 4; i++) {
            buffer->data[buffer->length++] = (unsigned char)(value >> (8 * i));
        }
    }
}

void pt_put_u64(struct pt_buffer *buffer, uint64_t value)
{
    pt_put_u32(buffer, (uint32_t)value);
    pt_put_u32(buffer, (uint32_t)(value >> 32));
}

void pt_put_bytes(struct pt_buffer *buffer, const void *bytes, uint32_t length)
{
    pt_put_u32(buffer, length);
    if (length && reserve(buffer, length) == 0) {
        memcpy(buffer->data + buffer->length, bytes, length);
        buffer->length += length;
    }
}

uint32_t pt_get_u32(struct pt_buffer *buffer)
{
    if (buffer->failed || buffer->length - buffer->position < 4) {
        buffer->failed = 1;
        return 0;
    }
    uint32_t value = 0;
    for (int i = 0; i < 4; i++) {
        value |= (uint32_t)buffer->data[buffer->position++] << (8 * i);
    }
    return value;
}

uint64_t pt_get_u64(struct pt_buffer *buffer)
{
    uint64_t low = pt_get_u32(buffer);
    return low | (uint64_t)pt_get_u32(buffer) << 32;
}

const unsigned char *pt_get_bytes(struct pt_buffer *buffer, uint32_t *length)
{
    uint32_t n = pt_get_u32(buffer);
    *length = 0;
    if (buffer->failed || buffer->length - buffer->position < n) {
        buffer->failed = 1;
        return NULL;
    }
    const unsigned char *bytes = buffer->data + buffer->position;
    buffer->position += n;
    *length = n;
    return bytes;
}

static int send_all(pt_socket socket, const unsigned char *bytes, uint32_t length)
{
    while (length) {
        int sent = (int)send(socket, (const char *)bytes, (int)length, 0);
        if (sent <= 0) {
#ifndef _WIN32
            if (sent < 0 && errno == EINTR) {
                continue;
            }
#endif
            return -1;
        }
        bytes += sent;
        length -= (uint32_t)sent;
    }
    return 0;
}

static int receive_all(pt_socket socket, unsigned char *bytes, uint32_t length)
{
    while (length) {
        int got = (int)recv(socket, (char *)bytes, (int)length, 0);
        if (got <= 0) {
#ifndef _WIN32
            if (got < 0 && errno == EINTR) {
                continue;
            }
#endif
            return -1;
        }
        bytes += got;
        length -= (uint32_t)got;
    }
    return 0;
}

int pt_send_frame(pt_socket socket, const struct pt_buffer *buffer)
{
    if (buffer->failed) {
        return -1;
    }
    unsigned char header[4];
    for (int i = 0; i < 4; i++) {
        header[i] = (unsigned char)(buffer->length >> (8 * i));
    }
    /* One send for small frames: two would meet Nagle and delayed ACK (DESIGN §7, the vpcd latency trap). */
    if (buffer->length <= 4096) {
        unsigned char frame[4 + 4096];
        memcpy(frame, header, 4);
        memcpy(frame + 4, buffer->data, buffer->length);
        return send_all(socket, frame, 4 + buffer->length);
    }
    return send_all(socket, header, 4) || send_all(socket, buffer->data, buffer->length) ? -1 : 0;
}

int pt_receive_frame(pt_socket socket, struct pt_buffer *buffer)
{
    unsigned char header[4];
    if (receive_all(socket, header, 4)) {
        return -1;
    }
    uint32_t length = (uint32_t)header[0] | (uint32_t)header[1] << 8 | (uint32_t)header[2] << 16 | (uint32_t)header[3] << 24;
    if (length > PT_MAX_FRAME) {
        return -1;
    }
    buffer->length = 0;
    buffer->position = 0;
    buffer->failed = 0;
    if (reserve(buffer, length) || receive_all(socket, buffer->data, length)) {
        return -1;
    }
    buffer->length = length;
    return 0;
}
