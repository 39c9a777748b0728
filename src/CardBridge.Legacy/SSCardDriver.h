/*
 * The standard reader-terminal interface (MOHRSS social security card reader-terminal standard; DESIGN §8, §13) as
 * CardBridge's drop-in library: the functions legacy business software calls, with their standard signatures and
 * calling convention. Each call is forwarded to the local CardBridge service; see docs/guides/legacy-his.md.
 *
 * iType: 1 contact, 2 contactless, 3 either (contact first), 4 either (contactless first); which readers count as
 * contact or contactless is the ini's [readers] section. Outputs are GBK (GB18030) strings written into the caller's
 * buffer, at most [output] limit bytes including the terminating NUL. Returns 0 or a standard negative code.
 */
#ifndef CARDBRIDGE_SSCARDDRIVER_H
#define CARDBRIDGE_SSCARDDRIVER_H

#ifdef _WIN32
#define CB_CALL __stdcall
#ifdef CB_BUILDING
/* Exported by SSCardDriver.def alone, undecorated: dllexport would add the decorated __stdcall names on win-x86. */
#define CB_API
#else
#define CB_API __declspec(dllimport)
#endif
#else
#define CB_CALL
#define CB_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Basic card information: 11 fields, each followed by '|'. */
CB_API long CB_CALL iReadCardBas(int iType, char *pOutInfo);
/* Step 1 of the read through the caller's HSM: the data the HSM needs, 8 fields. */
CB_API long CB_CALL iReadCardBas_HSM_Step1(int iType, char *pOutInfo);
/* Step 2: the HSM's answer in, the iReadCardBas fields out. */
CB_API long CB_CALL iReadCardBas_HSM_Step2(char *pKey, char *pOutInfo);
/* The holder's PIN, typed on the reader's PIN pad (or, with [pin] entry=caller, passed in pOutInfo). */
CB_API long CB_CALL iVerifyPIN(int iType, char *pOutInfo);
/* PIN change on the pad (or, with [pin] entry=caller, "old|new|" passed in pOutInfo). */
CB_API long CB_CALL iChangePIN(int iType, char *pOutInfo);
/* Reload the PIN to [pin] reload_pin; pCardInfo "card identification code|card number|" names the authorised card. */
CB_API long CB_CALL iReloadPIN(int iType, char *pCardInfo, char *pOutInfo);
/* Unblock the PIN (tries restored, PIN kept); pCardInfo as for iReloadPIN. */
CB_API long CB_CALL iUnblockPIN(int iType, char *pCardInfo, char *pOutInfo);
/* Read the data elements of pFileAddr ("DF04EF05|81|8F|$": the medical basics; SSSE EF05/EF06 elements). */
CB_API long CB_CALL iReadCard(int iType, int iAuthType, char *pCardInfo, char *pFileAddr, char *pOutInfo);
/* The terminal's device number and the PSAM's terminal number. */
CB_API long CB_CALL iGetReaderInfo(char *pReaderSN, char *pPsamTermNo);

#ifdef __cplusplus
}
#endif

#endif
