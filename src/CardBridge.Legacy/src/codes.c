/*
 * The standard's negative codes (DESIGN §8) for the service's errors, and the GBK messages legacy programs show from
 * pOutInfo. The reason is the google.rpc.ErrorInfo reason the service answers with (errors.proto).
 */
#include "legacy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
    const char *reason;
    long code;
} reason_code;

static const reason_code reasons[] = {
    { "NO_CARD", CB_NO_CARD },
    { "CARD_REMOVED", CB_NO_CARD },
    { "NOT_SOCIAL_SECURITY_CARD", CB_WRONG_CARD_TYPE },
    { "CARD_NOT_GENUINE", CB_NOT_GENUINE },
    { "CARD_UNREADABLE", CB_CARD_MUTE },
    { "WRONG_PIN", CB_WRONG_PIN },
    { "PIN_BLOCKED", CB_PIN_LOCKED },
    { "PIN_CONFIRMATION_MISMATCH", CB_PIN_CONFIRMATION },
    { "PIN_PAD_UNAVAILABLE", CB_NOT_SUPPORTED },
    /* A 3.00 card no PSAM could open: -2201 sends standard callers to their HSM (iReadCardBas_HSM_Step1/2). */
    { "HOLDER_UNAVAILABLE", CB_NO_PSAM },
    { "SECURE_MESSAGING_UNAVAILABLE", CB_NO_PSAM },
    /* 6988, as the card answers it: the standard's status words as negative decimals. */
    { "SECURE_MESSAGING_REJECTED", -0x6988 },
    { "CARD_MISMATCH", CB_DATA_MISMATCH },
    { "INVALID_REQUEST", CB_BAD_PARAMETER },
    { "HSM_STEP_MISSING", CB_BAD_PARAMETER },
};

/* GBK, escaped so the source stays ASCII. */
static const char *message_of(long code)
{
    switch (code)
    {
    case CB_WRONG_CARD_TYPE: return "\xBF\xA8\xC0\xE0\xD0\xCD\xB2\xBB\xB6\xD4";                 /* 卡类型不对 */
    case CB_NO_CARD: return "\xCE\xDE\xBF\xA8";                                                  /* 无卡 */
    case CB_CARD_MUTE: return "\xBF\xA8\xCE\xDE\xD3\xA6\xB4\xF0";                                /* 卡无应答 */
    case CB_READER_ERROR: return "\xB6\xC1\xBF\xA8\xC6\xF7\xC1\xAC\xBD\xD3\xB4\xED";             /* 读卡器连接错 */
    case CB_NOT_SUPPORTED: return "\xB2\xBB\xD6\xA7\xB3\xD6\xB8\xC3\xC3\xFC\xC1\xEE";            /* 不支持该命令 */
    case CB_BAD_PARAMETER: return "\xC3\xFC\xC1\xEE\xB2\xCE\xCA\xFD\xB4\xED";                    /* 命令参数错 */
    case CB_NOT_GENUINE:                                                                         /* 内部认证失败（用户卡不合法） */
        return "\xC4\xDA\xB2\xBF\xC8\xCF\xD6\xA4\xCA\xA7\xB0\xDC\xA3\xA8\xD3\xC3\xBB\xA7\xBF\xA8\xB2\xBB\xBA\xCF\xB7\xA8\xA3\xA9";
    case CB_DATA_MISMATCH: return "\xB4\xAB\xC8\xEB\xCA\xFD\xBE\xDD\xD3\xEB\xBF\xA8\xC4\xDA\xB2\xBB\xB7\xFB"; /* 传入数据与卡内不符 */
    case CB_HSM_MISMATCH:                                                                        /* 内部认证与加密机不一致失败 */
        return "\xC4\xDA\xB2\xBF\xC8\xCF\xD6\xA4\xD3\xEB\xBC\xD3\xC3\xDC\xBB\xFA\xB2\xBB\xD2\xBB\xD6\xC2\xCA\xA7\xB0\xDC";
    case CB_PIN_CANCELLED: return "\xD3\xC3\xBB\xA7\xC8\xA1\xCF\xFB\xC3\xDC\xC2\xEB\xCA\xE4\xC8\xEB"; /* 用户取消密码输入 */
    case CB_PIN_TIMEOUT: return "\xC3\xDC\xC2\xEB\xCA\xE4\xC8\xEB\xB2\xD9\xD7\xF7\xB3\xAC\xCA\xB1";   /* 密码输入操作超时 */
    case CB_PIN_CONFIRMATION: return "\xC1\xBD\xB4\xCE\xCA\xE4\xC8\xEB\xC3\xDC\xC2\xEB\xB2\xBB\xD2\xBB\xD6\xC2"; /* 两次输入密码不一致 */
    case CB_WRONG_PIN: return "PIN\xD0\xA3\xD1\xE9\xCA\xA7\xB0\xDC\xA3\xAC\xCA\xA3\xD3\xE0\xB4\xCE\xCA\xFD"; /* PIN校验失败，剩余次数 */
    case CB_PIN_LOCKED: return "PIN\xCB\xF8\xB6\xA8";                                            /* PIN锁定 */
    case CB_NO_PSAM: return "\xCE\xDE" "PSAM" "\xBF\xA8";                                        /* 无PSAM卡 */
    case CB_UNKNOWN: return "\xCE\xB4\xD6\xAA\xB4\xED\xCE\xF3";                                  /* 未知错误 */
    default: return "\xBF\xA8\xC6\xAC\xB7\xB5\xBB\xD8\xD7\xB4\xCC\xAC\xD7\xD6";                  /* 卡片返回状态字 */
    }
}

long cb_code_of_error(const char *body, int hsm_step2)
{
    char reason[64];
    char value[16];
    if (cb_json_find(body, "reason", reason, sizeof reason) != 0)
    {
        return CB_READER_ERROR;
    }
    if (strcmp(reason, "PIN_ENTRY_CANCELLED") == 0)
    {
        return cb_json_find(body, "pin_entry", value, sizeof value) == 0 && strcmp(value, "timed_out") == 0 ? CB_PIN_TIMEOUT : CB_PIN_CANCELLED;
    }
    if (strcmp(reason, "CARD_ERROR") == 0 && cb_json_find(body, "status_word", value, sizeof value) == 0)
    {
        long word = strtol(value, NULL, 16);
        return word > 0 ? -word : CB_UNKNOWN;
    }
    if (hsm_step2 && strcmp(reason, "CARD_NOT_GENUINE") == 0)
    {
        return CB_HSM_MISMATCH;
    }
    for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
    {
        if (strcmp(reason, reasons[i].reason) == 0)
        {
            return reasons[i].code;
        }
    }
    /* The service's own refusals (scopes, credentials, origin, host, the PC/SC service): the reader is unusable for us. */
    return CB_READER_ERROR;
}

void cb_write_error(const cb_config *config, char *out, long code, const char *body)
{
    if (out == NULL)
    {
        return;
    }
    char tries[16];
    if (code == CB_WRONG_PIN && body != NULL && cb_json_find(body, "tries_left", tries, sizeof tries) == 0)
    {
        snprintf(out, config->output_limit, "%s%s\xB4\xCE", message_of(code), tries); /* …N次 */
    }
    else if (code < -0x6000 && code > -0x10000)
    {
        snprintf(out, config->output_limit, "%s%04lX", message_of(code), -code);
    }
    else
    {
        snprintf(out, config->output_limit, "%s", message_of(code));
    }
}
