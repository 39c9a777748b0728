/*
 * The card reads of the standard interface: iReadCardBas, its two HSM steps, iReadCard and the terminal information,
 * each one POST to the service's StandardInterfaceService routes (protos/cardbridge/v1/standard.proto).
 */
#include "legacy.h"

#define CB_BUILDING
#include "../SSCardDriver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The session iReadCardBas_HSM_Step1 answered for, which Step2 names: per thread, as a caller runs the two steps. */
static _Thread_local char hsm_session[64];

/* A call with its configuration loaded, or NULL (out of memory). */
static cb_call *start(void)
{
    cb_call *call = malloc(sizeof *call);
    if (call != NULL)
    {
        cb_begin(call, 0);
    }
    return call;
}

/* Unless building the request already failed with code: POSTs call->body to path, copies the output and, given
 * session, the answer's session id. Then logs, writes the error message of a failure into out and frees the call. */
static long finish(cb_call *call, const char *function, const char *path, long code, char *out, char *session)
{
    if (code == CB_OK && (code = cb_post(call, path, call->body, 0)) == CB_OK)
    {
        code = cb_copy_output(call, out);
        if (code == CB_OK && session != NULL && cb_json_find(call->response, "sessionId", session, sizeof hsm_session) != 0)
        {
            session[0] = '\0';
        }
    }
    code = cb_end(call, function, code, out);
    free(call);
    return code;
}

/* Appends {"readers":[…],"purpose":"…"} for iType to call->body; 0, or CB_BAD_PARAMETER with why. */
static long card_request(cb_call *call, int type)
{
    char *body = call->body;
    const size_t size = sizeof call->body;
    if (type < 1 || type > 4)
    {
        snprintf(call->why, sizeof call->why, "iType %d is not 1, 2, 3 or 4", type);
        return CB_BAD_PARAMETER;
    }
    if (cb_no_reader_for(call, type))
    {
        return CB_NO_CARD;
    }
    if (cb_append(body, size, "{\"readers\":") != 0 || cb_readers_json(&call->config, type, body, size) != 0
        || cb_json_member(body, size, "purpose", call->config.purpose) != 0 || cb_append(body, size, "}") != 0)
    {
        snprintf(call->why, sizeof call->why, "the reader names do not fit a request");
        return CB_BAD_PARAMETER;
    }
    return CB_OK;
}

CB_API long CB_CALL iReadCardBas(int iType, char *pOutInfo)
{
    cb_call *call = pOutInfo != NULL ? start() : NULL;
    if (call == NULL)
    {
        return pOutInfo == NULL ? CB_BAD_PARAMETER : CB_UNKNOWN;
    }
    return finish(call, "iReadCardBas", "/v1/standard:readCardBas", card_request(call, iType), pOutInfo, NULL);
}

CB_API long CB_CALL iReadCardBas_HSM_Step1(int iType, char *pOutInfo)
{
    cb_call *call = pOutInfo != NULL ? start() : NULL;
    if (call == NULL)
    {
        return pOutInfo == NULL ? CB_BAD_PARAMETER : CB_UNKNOWN;
    }
    hsm_session[0] = '\0';
    return finish(call, "iReadCardBas_HSM_Step1", "/v1/standard:hsmStep1", card_request(call, iType), pOutInfo, hsm_session);
}

CB_API long CB_CALL iReadCardBas_HSM_Step2(char *pKey, char *pOutInfo)
{
    cb_call *call = pOutInfo != NULL ? start() : NULL;
    if (call == NULL)
    {
        return pOutInfo == NULL ? CB_BAD_PARAMETER : CB_UNKNOWN;
    }
    call->hsm_step2 = 1;
    long code = CB_OK;
    if (pKey == NULL || hsm_session[0] == '\0')
    {
        snprintf(call->why, sizeof call->why, pKey == NULL ? "no pKey" : "no iReadCardBas_HSM_Step1 on this thread before");
        code = CB_BAD_PARAMETER;
    }
    else if (cb_append(call->body, sizeof call->body, "{") != 0 || cb_json_member(call->body, sizeof call->body, "sessionId", hsm_session) != 0
             || cb_json_member(call->body, sizeof call->body, "key", pKey) != 0
             || cb_json_member(call->body, sizeof call->body, "purpose", call->config.purpose) != 0 || cb_append(call->body, sizeof call->body, "}") != 0)
    {
        snprintf(call->why, sizeof call->why, "pKey is too long");
        code = CB_BAD_PARAMETER;
    }
    return finish(call, "iReadCardBas_HSM_Step2", "/v1/standard:hsmStep2", code, pOutInfo, NULL);
}

/* iAuthType and pCardInfo are not needed: the service authenticates the card with its PSAM at arrival. */
CB_API long CB_CALL iReadCard(int iType, int iAuthType, char *pCardInfo, char *pFileAddr, char *pOutInfo)
{
    (void)iAuthType;
    (void)pCardInfo;
    cb_call *call = pOutInfo != NULL ? start() : NULL;
    if (call == NULL)
    {
        return pOutInfo == NULL ? CB_BAD_PARAMETER : CB_UNKNOWN;
    }
    long code = pFileAddr == NULL ? CB_BAD_PARAMETER : CB_OK;
    if (code == CB_OK && cb_append(call->body, sizeof call->body, "{\"card\":") == 0 && (code = card_request(call, iType)) == CB_OK
        && (cb_json_member(call->body, sizeof call->body, "fileAddress", pFileAddr) != 0
            || cb_append(call->body, sizeof call->body, "}") != 0))
    {
        code = CB_BAD_PARAMETER;
    }
    if (code == CB_BAD_PARAMETER && call->why[0] == '\0')
    {
        snprintf(call->why, sizeof call->why, pFileAddr == NULL ? "no pFileAddr" : "pFileAddr is too long");
    }
    return finish(call, "iReadCard", "/v1/standard:readCard", code, pOutInfo, NULL);
}

/* Copies a member of the answer (ASCII: digits and the configured device number) into out within the limit. */
static void copy_member(cb_call *call, const char *name, char *out)
{
    if (cb_json_find(call->response, name, out, call->config.output_limit) != 0)
    {
        out[0] = '\0';
    }
}

CB_API long CB_CALL iGetReaderInfo(char *pReaderSN, char *pPsamTermNo)
{
    cb_call *call = pReaderSN != NULL && pPsamTermNo != NULL ? start() : NULL;
    if (call == NULL)
    {
        return pReaderSN == NULL || pPsamTermNo == NULL ? CB_BAD_PARAMETER : CB_UNKNOWN;
    }
    pPsamTermNo[0] = '\0';
    long code = cb_append(call->body, sizeof call->body, "{") != 0 || cb_json_member(call->body, sizeof call->body, "purpose", call->config.purpose) != 0
        || cb_append(call->body, sizeof call->body, "}") != 0 ? CB_BAD_PARAMETER : CB_OK;
    if (code == CB_OK && (code = cb_post(call, "/v1/standard:terminalInfo", call->body, 0)) == CB_OK)
    {
        copy_member(call, "deviceNumber", pReaderSN);
        copy_member(call, "psamTerminalNumber", pPsamTermNo);
    }
    code = cb_end(call, "iGetReaderInfo", code, pReaderSN);
    free(call);
    return code;
}
