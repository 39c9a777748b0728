#!/usr/bin/python3
"""docs/guides/his.md: a hospital outpatient counter against CardBridge (scopes identity.full, pin, settlement).

Read the card, verify the PIN, pre-settle, settle under an idempotency key (offline when the centre cannot be reached)
and ask again with the same key, then the next patient pays with an e-voucher code ("card or code").

    /usr/bin/python3 docs/examples/python/his.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys
import uuid

import grpc

import cardbridge_client as cb

ADVICE = {
    "NO_CARD": "ask the patient to insert the card",
    "READER_AMBIGUOUS": "name the reader of this counter",
    "CARD_REMOVED": "the card left: ask for it again and read it anew",
    "CARD_EXPIRED": "the card is expired: ask for the e-voucher code",
    "HOLDER_UNAVAILABLE": "the PSAM is missing: call IT",
    "WRONG_PIN": "wrong PIN: let the patient try again",
    "PIN_BLOCKED": "PIN blocked: send the patient to the social security counter, or use the e-voucher",
    "OFFLINE_LIMIT_EXCEEDED": "the centre is down and the bill is over an offline limit: take cash or wait",
    "CENTRE_REJECTED": "the centre refused: show its message",
    "CENTRE_UNAVAILABLE": "the centre is unreachable and this credential settles online only: ask for the card",
    "SETTLEMENT_OUTCOME_UNKNOWN": "do not charge again: ask again later with the same idempotency key",
    "CALL_IN_PROGRESS": "the same bill is being settled: ask again with the same key in a moment",
    "IDEMPOTENCY_KEY_REUSED": "this charge number was used for another bill: fix the HIS charge number",
    "CREDENTIAL_UNKNOWN": "the code lapsed: ask the patient to show it again",
    "CREDENTIAL_NOT_ACCEPTED": "this kind of code cannot pay a medical bill",
    "NOTHING_PRESENTED": "nothing presented in time: ask again",
    "QR_EXPIRED": "the code expired: ask the patient to refresh it in the app",
    "QR_REPLAYED": "the code was used already: ask the patient to refresh it",
    "QR_VERIFIER_UNAVAILABLE": "the code could not be checked: scan again or use the card",
    "JOURNAL_UNAVAILABLE": "the terminal cannot store offline settlements: call IT",
    "UNAUTHENTICATED": "the HIS is not configured in the service: check its API key",
    "SCOPE_DENIED": "the HIS lacks a scope: check the service's Security:Clients",
}


def refused(step, error):
    refusal = cb.Refusal(error)
    advice = ADVICE.get(refusal.reason, "show the message and call IT")
    if refusal.reason == "OFFLINE_LIMIT_EXCEEDED" and refusal.metadata.get("limit") == "card_required":
        advice = "the centre is down and codes settle online only: ask for the card"
    elif refusal.reason == "WRONG_PIN":
        advice = "wrong PIN, %s tries left: let the patient try again" % refusal.metadata.get("tries_left")
    print("%s refused: %s: %s" % (step, refusal, advice))
    return 1


def split(amounts):
    return "total=%d fund=%d account=%d cash=%d" % (amounts.total_fen, amounts.fund_fen, amounts.account_fen, amounts.cash_fen)


def main():
    args = cb.arguments("Hospital HIS example", pin=True, bill=True)
    cb.generate_stubs()
    from google.protobuf import duration_pb2
    from cardbridge.v1 import (cards_pb2, identity_pb2, identity_pb2_grpc, settlement_pb2, settlement_pb2_grpc,
                               simulator_pb2)

    bill_number = args.bill or "HIS-" + uuid.uuid4().hex
    key = cb.Credentials(args.api_key)
    with grpc.insecure_channel(args.endpoint) as channel:
        identity = identity_pb2_grpc.IdentityServiceStub(channel)
        settlement = settlement_pb2_grpc.SettlementServiceStub(channel)
        holder = cb.SimulatedHolder(channel)

        # 1. Registration: the card was pre-read when it was inserted; ReadCard answers from memory.
        try:
            card = identity.ReadCard(identity_pb2.ReadCardRequest(
                target=identity_pb2.CardTarget(reader=args.reader), purpose="outpatient registration"),
                timeout=10, metadata=key.metadata).identity
        except grpc.RpcError as error:
            return refused("read", error)
        print("read: holder=%s ssn=%s card=%s session=%s" % (
            card.holder.name, card.holder.ssn, card.card.card_number_masked, card.session_id))
        by_card = settlement_pb2.SettlementCredential(card=identity_pb2.CardTarget(session_id=card.session_id))
        bill = settlement_pb2.Bill(scenario=settlement_pb2.SETTLEMENT_SCENARIO_OUTPATIENT, total_fen=args.total_fen,
                                   medical_type="11")

        # 2. The PIN, typed at the HIS keypad; held for the call only.
        try:
            identity.VerifyPin(identity_pb2.VerifyPinRequest(
                target=identity_pb2.CardTarget(session_id=card.session_id), purpose="outpatient settlement", pin=args.pin),
                timeout=30, metadata=key.metadata)
            print("pin: verified")
        except grpc.RpcError as error:
            return refused("pin", error)

        # 3. Trial calculation. Needs the centre; when it is down the bill can still settle offline.
        try:
            trial = settlement.PreSettle(settlement_pb2.PreSettleRequest(
                credential=by_card, bill=bill, purpose="outpatient pre-settlement"), timeout=30, metadata=key.metadata)
            print("pre-settle: " + split(trial.amounts))
        except grpc.RpcError as error:
            if cb.Refusal(error).reason != "CENTRE_UNAVAILABLE":
                return refused("pre-settle", error)
            print("pre-settle: centre unavailable, the bill will settle offline within the terminal's caps")

        # 4. Settle under the HIS charge number; the same key again answers the first result (replayed).
        request = settlement_pb2.SettleRequest(idempotency_key=bill_number, credential=by_card, bill=bill,
                                               purpose="outpatient settlement", pin=args.pin)
        for step in ("settle", "settle again"):
            if not settle(settlement, step, request, key):
                return 1

        # 5. "Card or code": the next patient shows an e-voucher; only_new ignores the card still in the reader.
        try:
            presented = cb.await_credential(channel, identity_pb2.AwaitCredentialRequest(
                purpose="outpatient registration", timeout=duration_pb2.Duration(seconds=30), only_new=True), key,
                act=lambda: holder.show_code(args.scanner, cards_pb2.QR_CODE_KIND_E_VOUCHER, "third-gen",
                                             simulator_pb2.SIMULATED_CODE_VALID))
        except grpc.RpcError as error:
            return refused("await", error)
        if presented.WhichOneof("credential") != "code":
            print("presented: a card in %s; settle it as in step 4" % presented.card.reader)
            return 1
        code = presented.code
        print("presented: code kind=%s holder=%s valid_until=%s" % (
            cards_pb2.QrCodeKind.Name(code.kind), code.holder.name, code.valid_until.ToJsonString()))
        # Codes settle online only: with the centre down the refusal says so (limit card_required) and the counter asks
        # for the card instead; the example has done its part either way.
        by_code = settlement_pb2.SettleRequest(
            idempotency_key=bill_number + "-code", bill=bill, purpose="outpatient settlement",
            credential=settlement_pb2.SettlementCredential(code_credential_id=code.credential_id))
        settle(settlement, "settle by code", by_code, key)
        return 0


def settle(settlement, step, request, key):
    try:
        settled = settlement.Settle(request, timeout=60, metadata=key.metadata)
    except grpc.RpcError as error:
        refused(step, error)
        return False
    if settled.offline:
        print("%s: offline journal_sequence=%d card_written=%s replayed=%s %s" % (
            step, settled.journal_sequence, settled.card_written, settled.replayed, split(settled.amounts)))
    else:
        print("%s: online settlement_id=%s replayed=%s %s" % (
            step, settled.settlement_id, settled.replayed, split(settled.amounts)))
    return True


if __name__ == "__main__":
    sys.exit(main())
