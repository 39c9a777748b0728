/* Internal declarations of the CardBridge legacy library: configuration, log, HTTP, JSON, standard codes. */
#ifndef CARDBRIDGE_LEGACY_H
#define CARDBRIDGE_LEGACY_H

#include <stddef.h>

#define CB_MAX_READERS 16
#define CB_MAX_NAME 256
#define CB_MAX_RESPONSE 65536
#define CB_MAX_BODY 32768

/* Standard return codes (DESIGN §8; the reader-terminal standard's table). */
enum
{
    CB_OK = 0,
    CB_WRONG_CARD_TYPE = -1,
    CB_NO_CARD = -2,
    CB_CARD_MUTE = -4,
    CB_READER_ERROR = -11,
    CB_NOT_SUPPORTED = -13,
    CB_BAD_PARAMETER = -14,
    CB_NOT_GENUINE = -21,
    CB_DATA_MISMATCH = -22,
    CB_HSM_MISMATCH = -25,
    CB_PIN_CANCELLED = -31,
    CB_PIN_TIMEOUT = -32,
    CB_PIN_CONFIRMATION = -34,
    CB_WRONG_PIN = -51,
    CB_PIN_LOCKED = -52,
    CB_NO_PSAM = -2201,
    CB_UNKNOWN = -999
};

typedef struct
{
    char host[64];
    int port;
    char api_key[256];
    int connect_timeout_ms;
    int timeout_ms;
    int pin_timeout_ms;
    char purpose[129];
    char contact[CB_MAX_READERS][CB_MAX_NAME];
    int contact_count;
    char contactless[CB_MAX_READERS][CB_MAX_NAME];
    int contactless_count;
    int pin_from_caller;
    char reload_pin[13];
    size_t output_limit;
    char log_path[1024];
} cb_config;

/* config.c: the ini beside the library (or CARDBRIDGE_LEGACY_INI), then CARDBRIDGE_LEGACY_* variables. */
void cb_config_load(cb_config *config);

/* log.c: one line per call in the library's own log; never personal data. */
void cb_log(const cb_config *config, const char *function, long code, const char *format, ...);

/* http.c: one request to the service, bounded by timeout_ms; answers the HTTP status, or -1 with why in error. */
int cb_http_post(const cb_config *config, const char *path, const char *body, int timeout_ms,
                 char *response, size_t response_size, char *error, size_t error_size);

/* json.c: the value of the first member named key (strings unescaped, numbers as text); 0 when found. */
int cb_json_find(const char *json, const char *key, char *value, size_t value_size);
/* Appends text as it is to out; 0 when it fit. */
int cb_append(char *out, size_t out_size, const char *text);
/* Appends "name":"value" to out, after a comma unless out is empty or ends with '{'; 0 when it fit. */
int cb_json_member(char *out, size_t out_size, const char *name, const char *value);
/* Appends text as a JSON string (quoted, escaped) to out; 0 when it fit. */
int cb_json_string(char *out, size_t out_size, const char *text);

/* base64.c: decodes text into out; the decoded length, or -1. */
long cb_base64_decode(const char *text, unsigned char *out, size_t out_size);

/* call.c: one standard call: its configuration, deadline, the service's answer and why it failed. */
typedef struct
{
    cb_config config;
    long long deadline_ms;
    int hsm_step2;
    char why[512];
    char body[CB_MAX_BODY];
    char response[CB_MAX_RESPONSE];
} cb_call;

long long cb_now_ms(void);
/* Loads the configuration and sets the deadline: [service] pin_timeout_ms for a call on the PIN pad, else timeout_ms. */
void cb_begin(cb_call *call, int pin_pad);
/* The readers iType names, in order (1 contact, 2 contactless, 3 both contact first, 4 both contactless first). */
int cb_readers_of(const cb_config *config, int type, const char **names, int capacity);
/* 1, with why, when [readers] names readers but none for iType: its card is not there (CB_NO_CARD). */
int cb_no_reader_for(cb_call *call, int type);
/* Appends them to out as a JSON array; 0 when it fit. */
int cb_readers_json(const cb_config *config, int type, char *out, size_t size);
/* POSTs body to path within the call's deadline (and timeout_ms when positive); 0 for HTTP 200, else the standard code. */
long cb_post(cb_call *call, const char *path, const char *body, int timeout_ms);
/* Copies the answer's gb18030 into out, NUL-terminated, when it fits [output] limit; 0 or the standard code. */
long cb_copy_output(cb_call *call, char *out);
/* Writes the error message of a failed call into out, logs the outcome and answers code. */
long cb_end(cb_call *call, const char *function, long code, char *out);

/* codes.c: the standard code of a service error (its ErrorInfo reason and metadata), and its GBK message. */
long cb_code_of_error(const char *body, int hsm_step2);
void cb_write_error(const cb_config *config, char *out, long code, const char *body);

#endif
