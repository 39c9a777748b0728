/*
 * The PIN functions of the standard interface: iVerifyPIN and iChangePIN (on the reader's PIN pad, or with [pin]
 * entry=caller the PIN the caller passes), iReloadPIN and iUnblockPIN (a teller's, through the service's PSAM), each
 * one POST to the IdentityService routes. A PIN call names one reader, so the readers iType names are tried in order,
 * passing over those that hold no card; with none configured the service takes the only reader holding a card.
 */
#include "legacy.h"

#define CB_BUILDING
#include "../SSCardDriver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends the request for one reader (NULL: no target) with the call's own members (a JSON fragment); 0 when it fit. */
static int pin_request(const cb_config *config, const char *reader, const char *members, char *out, size_t size)
{
    out[0] = '\0';
    if (cb_append(out, size, "{\"target\":{") != 0) return -1;
    if (reader != NULL && (cb_append(out, size, "\"reader\":") != 0 || cb_json_string(out, size, reader) != 0)) return -1;
    return cb_append(out, size, "},\"purpose\":") != 0 || cb_json_string(out, size, config->purpose) != 0
        || cb_append(out, size, ",") != 0 || cb_append(out, size, members) != 0 || cb_append(out, size, "}") != 0 ? -1 : 0;
}

/* Zeroes a buffer that held a PIN, in a way the compiler keeps. */
static void wipe(char *data, size_t size)
{
    volatile char *p = data;
    while (size-- > 0)
    {
        *p++ = '\0';
    }
}

/* Posts members to path for the readers of iType; members may hold a PIN, and is wiped before returning. */
static long pin_call(const char *function, const char *path, int type, int pin_pad, char *members, size_t members_size, char *out)
{
    cb_call *call = malloc(sizeof *call);
    if (call == NULL)
    {
        wipe(members, members_size);
        return CB_UNKNOWN;
    }
    cb_begin(call, pin_pad);
    const char *names[2 * CB_MAX_READERS];
    int count = cb_readers_of(&call->config, type, names, 2 * CB_MAX_READERS);
    long code = CB_NO_CARD;
    int passed_empty = 0;
    int attempts = count > 0 ? count : 1;
    if (type < 1 || type > 4)
    {
        snprintf(call->why, sizeof call->why, "iType %d is not 1, 2, 3 or 4", type);
        code = CB_BAD_PARAMETER;
        attempts = 0;
    }
    else if (cb_no_reader_for(call, type))
    {
        attempts = 0;
    }
    for (int i = 0; i < attempts; i++)
    {
        if (pin_request(&call->config, count > 0 ? names[i] : NULL, members, call->body, sizeof call->body) != 0)
        {
            snprintf(call->why, sizeof call->why, "the request does not fit");
            code = CB_BAD_PARAMETER;
            break;
        }
        code = cb_post(call, path, call->body, 0);
        char reason[64] = "";
        if (code == CB_OK || cb_json_find(call->response, "reason", reason, sizeof reason) != 0
            || (strcmp(reason, "NO_CARD") != 0 && strcmp(reason, "READER_UNAVAILABLE") != 0))
        {
            break;
        }
        passed_empty |= strcmp(reason, "NO_CARD") == 0;
        code = passed_empty ? CB_NO_CARD : code;
    }
    wipe(call->body, sizeof call->body);
    wipe(members, members_size);
    if (code == CB_OK)
    {
        out[0] = '\0';
    }
    code = cb_end(call, function, code, out);
    free(call);
    return code;
}

/* The first '|'-terminated field of text (the whole text without one) into out. */
static void first_field(const char *text, char *out, size_t size)
{
    size_t length = strcspn(text, "|");
    snprintf(out, size, "%.*s", (int)(length < size ? length : size - 1), text);
}

/*
 * iVerifyPIN and iChangePIN: on the PIN pad by default; with [pin] entry=caller the '|'-separated PINs pOutInfo holds
 * become the members named in names (the PIN; the current and the new one).
 */
static long holder_pin(const char *function, const char *path, int type, char *out, const char *const *names, int count)
{
    char members[160] = "";
    if (out == NULL)
    {
        return CB_BAD_PARAMETER;
    }
    cb_config config;
    cb_config_load(&config);
    const char *field = out;
    for (int i = 0; config.pin_from_caller && i < count; i++)
    {
        char pin[32];
        first_field(field, pin, sizeof pin);
        cb_json_member(members, sizeof members, names[i], pin);
        wipe(pin, sizeof pin);
        const char *bar = strchr(field, '|');
        field = bar != NULL ? bar + 1 : "";
    }
    if (config.pin_from_caller)
    {
        /* The caller's buffer held the PINs; it gets the outcome, and no PIN stays behind the terminating NUL. */
        wipe(out, strlen(out));
    }
    else
    {
        cb_append(members, sizeof members, "\"usePinPad\":true");
    }
    return pin_call(function, path, type, !config.pin_from_caller, members, sizeof members, out);
}

CB_API long CB_CALL iVerifyPIN(int iType, char *pOutInfo)
{
    static const char *const names[] = { "pin" };
    return holder_pin("iVerifyPIN", "/v1/pin:verify", iType, pOutInfo, names, 1);
}

CB_API long CB_CALL iChangePIN(int iType, char *pOutInfo)
{
    static const char *const names[] = { "currentPin", "newPin" };
    return holder_pin("iChangePIN", "/v1/pin:change", iType, pOutInfo, names, 2);
}

/* pCardInfo "card identification code|…": the card the teller's action was authorised for (CARD_MISMATCH otherwise). */
static void expected_card(const char *card_info, char *members, size_t size)
{
    char code[64];
    first_field(card_info != NULL ? card_info : "", code, sizeof code);
    if (code[0] != '\0')
    {
        cb_json_member(members, size, "expectedCardIdentificationCode", code);
    }
}

CB_API long CB_CALL iReloadPIN(int iType, char *pCardInfo, char *pOutInfo)
{
    char members[160] = "";
    if (pOutInfo == NULL)
    {
        return CB_BAD_PARAMETER;
    }
    cb_config config;
    cb_config_load(&config);
    expected_card(pCardInfo, members, sizeof members);
    cb_json_member(members, sizeof members, "newPin", config.reload_pin);
    wipe(config.reload_pin, sizeof config.reload_pin);
    return pin_call("iReloadPIN", "/v1/pin:reload", iType, 0, members, sizeof members, pOutInfo);
}

CB_API long CB_CALL iUnblockPIN(int iType, char *pCardInfo, char *pOutInfo)
{
    char members[160] = "";
    if (pOutInfo == NULL)
    {
        return CB_BAD_PARAMETER;
    }
    expected_card(pCardInfo, members, sizeof members);
    if (members[0] == '\0')
    {
        /* No members at all would leave a dangling comma in the request. */
        cb_append(members, sizeof members, "\"expectedCardIdentificationCode\":\"\"");
    }
    return pin_call("iUnblockPIN", "/v1/pin:unblock", iType, 0, members, sizeof members, pOutInfo);
}
