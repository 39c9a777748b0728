#!/usr/bin/python3
"""docs/guides/bank.md: a bank counter against CardBridge (scopes identity.full, pin, bank.masked).

Full identity with the purpose recorded in the audit log, then the holder's PIN typed on the reader's PIN pad
(use_pin_pad): the PIN never reaches the host. The simulated holder mistypes once, then gets it right. Last, the
card's bank account for a payout, its PAN masked.

    /usr/bin/python3 docs/examples/python/bank.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys

import grpc

import cardbridge_client as cb

PURPOSE = "account opening: identity check"
ADVICE = {
    "WRONG_PIN": "ask the holder to type it again",
    "PIN_BLOCKED": "PIN blocked: start the unblock procedure at this counter",
    "PIN_ENTRY_CANCELLED": "the holder cancelled or took too long: start the entry again",
    "PIN_PAD_UNAVAILABLE": "this reader has no PIN pad: use the counter's pad reader",
    "CARD_REMOVED": "the card left the reader: insert it and start again",
    "NO_CARD": "insert the card",
    "CARD_EXPIRED": "card expired: refer the holder to renewal",
    "CARD_NOT_GENUINE": "the card failed the genuine-card check: keep it and follow the fraud procedure",
    "NOT_SOCIAL_SECURITY_CARD": "this is not a social security card",
    "HOLDER_UNAVAILABLE": "holder data unavailable (PSAM missing): call IT",
    "NO_BANK_APPLICATION": "the card's bank function is not active: the holder activates it or names another account",
    "SCOPE_DENIED": "this counter lacks a scope: call IT",
}


def main():
    args = cb.arguments("Bank counter example", pin=True)
    cb.generate_stubs()
    from cardbridge.v1 import card_pb2, card_pb2_grpc, cards_pb2, identity_pb2, identity_pb2_grpc

    key = cb.Credentials(args.api_key)
    with grpc.insecure_channel(args.endpoint) as channel:
        identity = identity_pb2_grpc.IdentityServiceStub(channel)
        holder = cb.SimulatedHolder(channel)
        try:
            card = identity.ReadCard(identity_pb2.ReadCardRequest(
                target=identity_pb2.CardTarget(reader=args.reader), purpose=PURPOSE), timeout=10, metadata=key.metadata).identity
        except grpc.RpcError as error:
            refusal = cb.Refusal(error)
            print("read refused: %s: %s" % (refusal, ADVICE.get(refusal.reason, "show the message and call IT")))
            return 1
        person = card.holder
        print("read: name=%s ssn=%s sex=%s birth=%s card=%s genuineness=%s" % (
            person.name, person.ssn, cards_pb2.Sex.Name(person.sex), person.birth_date.ToDatetime().strftime("%Y-%m-%d"),
            card.card.card_number, cards_pb2.Genuineness.Name(card.genuineness)))

        wrong = "".join("0" if c == "9" else chr(ord(c) + 1) for c in args.pin)
        for typed in (wrong, args.pin):
            holder.type_on_pin_pad(args.reader, typed)
            try:
                identity.VerifyPin(identity_pb2.VerifyPinRequest(
                    target=identity_pb2.CardTarget(session_id=card.session_id), purpose=PURPOSE, use_pin_pad=True),
                    timeout=90, metadata=key.metadata)
                print("pin pad: verified")
                return show_payout_account(card_pb2, card_pb2_grpc.CardServiceStub(channel), key, card.session_id)
            except grpc.RpcError as error:
                refusal = cb.Refusal(error)
                advice = ADVICE.get(refusal.reason, "show the message and call IT")
                if refusal.reason == "WRONG_PIN":
                    advice = "wrong PIN, %s tries left: %s" % (refusal.metadata.get("tries_left"), advice)
                print("pin pad refused: %s: %s" % (refusal, advice))
                if refusal.reason not in ("WRONG_PIN", "PIN_ENTRY_CANCELLED"):
                    return 1
        return 1


def show_payout_account(card_pb2, cards, key, session_id):
    """The account the benefit is paid into: the teller confirms it with the holder by its first and last four digits."""
    from cardbridge.v1 import identity_pb2
    try:
        account = cards.ReadBankAccount(card_pb2.ReadBankAccountRequest(
            target=identity_pb2.CardTarget(session_id=session_id), purpose="benefit payout account"),
            timeout=10, metadata=key.metadata).account
    except grpc.RpcError as error:
        refusal = cb.Refusal(error)
        print("bank account refused: %s: %s" % (refusal, ADVICE.get(refusal.reason, "show the message and call IT")))
        return 1
    print("bank account: pan=%s expiry=%s expired=%s" % (
        account.pan, account.expiry_date.ToDatetime().strftime("%Y-%m-%d"), account.expired))
    return 0


if __name__ == "__main__":
    sys.exit(main())
