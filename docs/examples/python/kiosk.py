#!/usr/bin/python3
"""docs/guides/kiosk.md: a self-service kiosk against CardBridge (scope medical.read).

Shows the card's own medical records: the basics at once, the offline state and the transaction log once the
holder has typed the PIN on the kiosk's PIN pad (use_pin_pad): the PIN never reaches the host.

    /usr/bin/python3 docs/examples/python/kiosk.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys

import grpc

import cardbridge_client as cb

PURPOSE = "self-service: my card's records"
ADVICE = {
    "WRONG_PIN": "wrong PIN: type it again",
    "PIN_BLOCKED": "your PIN is blocked: a counter unblocks it",
    "PIN_ENTRY_CANCELLED": "cancelled: start again",
    "PIN_PAD_UNAVAILABLE": "this kiosk's reader has no PIN pad: call staff",
    "NO_MEDICAL_APPLICATION": "this card holds no medical records: ask at a counter",
    "CARD_REMOVED": "the card was taken out: insert it and start again",
    "NO_CARD": "insert your card",
    "SCOPE_DENIED": "this kiosk lacks a scope: call staff",
}


def main():
    args = cb.arguments("Self-service kiosk example", pin=True)
    cb.generate_stubs()
    from cardbridge.v1 import card_pb2, card_pb2_grpc, identity_pb2

    key = cb.Credentials(args.api_key)
    with grpc.insecure_channel(args.endpoint) as channel:
        cards = card_pb2_grpc.CardServiceStub(channel)
        holder = cb.SimulatedHolder(channel)
        target = identity_pb2.CardTarget(reader=args.reader)
        try:
            basics = cards.ReadMedicalRecords(card_pb2.ReadMedicalRecordsRequest(target=target, purpose=PURPOSE),
                                              timeout=10, metadata=key.metadata).records
            print("basics: insurance_type=%s usage_mode=%s" % (
                basics.insurance_type, card_pb2.MedicalUsageMode.Name(basics.usage_mode)))

            # "Type your PIN on the pad": the call returns once the holder has pressed OK.
            holder.type_on_pin_pad(args.reader, args.pin)
            records = cards.ReadMedicalRecords(card_pb2.ReadMedicalRecordsRequest(target=target, purpose=PURPOSE, use_pin_pad=True),
                                               timeout=90, metadata=key.metadata).records
        except grpc.RpcError as error:
            refusal = cb.Refusal(error)
            print("refused: %s: %s" % (refusal, ADVICE.get(refusal.reason, "something went wrong: call staff")))
            return 1
        print("offline: allowed=%s amount_fen=%d count=%d log=%s" % (
            records.offline.allowed, records.offline.cumulative_amount_fen, records.offline.count,
            card_pb2.OfflineLogStatus.Name(records.offline_log)))
        for t in records.transactions:
            print("transaction: seq=%d type=%s terminal=%s time=%s account_fen=%d self_pay_fen=%d pooled_fen=%d" % (
                t.sequence, card_pb2.MedicalTransactionType.Name(t.type), t.terminal_id,
                t.time.ToDatetime().strftime("%Y-%m-%dT%H:%M:%SZ"), t.account_fen, t.self_pay_fen, t.pooled_fen))
        return 0


if __name__ == "__main__":
    sys.exit(main())
