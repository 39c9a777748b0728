/* Frames and fields of the pass-through protocol (protocol.h), shared by the DLL and the bridge. */
#ifndef PT_WIRE_H
#define PT_WIRE_H

#include <stddef.h>
#include <stdint.h>

#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET pt_socket;
#else
typedef int pt_socket;
#endif

/* A growable frame body being written, or a received one being read. Reading past the end or a bad length
 * sets failed instead of touching memory, so a caller checks once at the end. */
struct pt_buffer {
    unsigned char *data;
    uint32_t length;
    uint32_t capacity;
    uint32_t position;
    int failed;
};

void pt_buffer_free(struct pt_buffer *buffer);

void pt_put_u32(struct pt_buffer *buffer, uint32_t value);
void pt_put_u64(struct pt_buffer *buffer, uint64_t value);
void pt_put_bytes(struct pt_buffer *buffer, const void *bytes, uint32_t length);

uint32_t pt_get_u32(struct pt_buffer *buffer);
uint64_t pt_get_u64(struct pt_buffer *buffer);
/* Points into the buffer (no copy); NULL with *length 0 when the field is missing or too long. */
const unsigned char *pt_get_bytes(struct pt_buffer *buffer, uint32_t *length);

/* Sends the buffer as one frame. 0 on success, -1 when the connection failed. */
int pt_send_frame(pt_socket socket, const struct pt_buffer *buffer);
/* Receives one frame into an empty buffer (position 0). 0 on success, -1 when the connection failed or closed
 * or the frame is over PT_MAX_FRAME. */
int pt_receive_frame(pt_socket socket, struct pt_buffer *buffer);

#endif
