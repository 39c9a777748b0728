/*
 * The pass-through's wire protocol between winscard.dll (a Windows program's PC/SC library under wine) and
 * winscard-bridge (a Linux process calling libpcsclite), over one loopback TCP connection per calling thread.
 *
 * Every message is a frame: a 32-bit little-endian length, then that many bytes. A request is the operation
 * (u32) and its fields; an answer is the PC/SC return code as Windows' 32-bit LONG (u32) and its fields. Fields
 * are u32, u64 (little-endian) or bytes (a u32 length, then the bytes). Names travel as UTF-8 (pcsc-lite's
 * encoding); protocols, states and control codes travel in pcsc-lite's values: the DLL translates Windows'
 * values (translate.h) so the bridge stays a thin call-through.
 */
#ifndef PT_PROTOCOL_H
#define PT_PROTOCOL_H

/* Where the DLL finds the bridge: CARDBRIDGE_WINSCARD_BRIDGE=127.0.0.1:PORT, else this. */
#define PT_ADDRESS_VARIABLE "CARDBRIDGE_WINSCARD_BRIDGE"
#define PT_DEFAULT_ADDRESS "127.0.0.1:35990"

/* A frame larger than this is refused by both sides (a reader list or an extended APDU is far smaller). */
#define PT_MAX_FRAME (1u << 20)

enum pt_operation {
    /* u64 client id, u32 lifeline (1: this connection lives as long as the client process; when it closes,
     * the bridge releases every context the client still holds, as the Windows service does for a dead process). */
    PT_HELLO = 1,
    PT_ESTABLISH_CONTEXT,  /* u32 scope → u64 context */
    PT_RELEASE_CONTEXT,    /* u64 context */
    PT_IS_VALID_CONTEXT,   /* u64 context */
    PT_LIST_READERS,       /* u64 context (0: any) → bytes multi-string */
    PT_GET_STATUS_CHANGE,  /* u64 context, u32 timeout, u32 n, n × (bytes name, u32 current) → n × (u32 event, bytes atr) */
    PT_CANCEL,             /* u64 context */
    PT_CONNECT,            /* u64 context, bytes reader, u32 share, u32 protocols → u64 card, u32 protocol */
    PT_RECONNECT,          /* u64 card, u32 share, u32 protocols, u32 initialization → u32 protocol */
    PT_DISCONNECT,         /* u64 card, u32 disposition */
    PT_BEGIN_TRANSACTION,  /* u64 card */
    PT_END_TRANSACTION,    /* u64 card, u32 disposition */
    PT_TRANSMIT,           /* u64 card, u32 protocol, bytes command, u32 capacity → u32 protocol, u32 length, bytes response */
    PT_CONTROL,            /* u64 card, u32 code, bytes input, u32 capacity → u32 length, bytes output */
    PT_STATUS,             /* u64 card → bytes names, u32 state bits, u32 protocol, bytes atr */
    PT_GET_ATTRIB,         /* u64 card, u32 attribute, u32 capacity (0: length only) → u32 length, bytes value */

    /* The test rig's control of the bridge's own pcscd (tests that stop and restart the daemon). Answer code 0
     * or 1, then bytes: a message. */
    PT_DAEMON_START = 100, /* u32 timeout ms: starts pcscd -f -i, waits for its socket */
    PT_DAEMON_STOP,        /* u32 timeout ms: SIGTERM, waits, SIGKILL after the timeout */
    PT_DAEMON_KILL,        /* SIGKILL, waits */
};

#endif
