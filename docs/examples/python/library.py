#!/usr/bin/python3
"""docs/guides/library.md: a library or museum gate against CardBridge (scope identity.basic only).

"Card or code": the gate learns a pseudonymous holder id (the same for a person's card and codes) and a masked name,
never the name itself. Visitor 1 holds the card, visitor 2 (the same person) shows an e-SSC code, visitor 3 an
expired code.

    /usr/bin/python3 docs/examples/python/library.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys

import grpc

import cardbridge_client as cb

ADVICE = {
    "NOTHING_PRESENTED": "nothing presented: keep waiting",
    "QR_EXPIRED": "code expired: refresh it in the app",
    "QR_REPLAYED": "code already used: refresh it in the app",
    "QR_MALFORMED": "not a code this gate knows",
    "QR_BAD_SIGNATURE": "code not accepted: use the card",
    "QR_UNKNOWN_ISSUER": "code not accepted: use the card",
    "QR_VERIFIER_UNAVAILABLE": "code cannot be checked now: scan again or use the card",
    "CARD_EXPIRED": "card expired: use the app's code",
    "CARD_NOT_GENUINE": "card not accepted: see the desk",
    "NOT_SOCIAL_SECURITY_CARD": "card not accepted: see the desk",
    "CARD_UNREADABLE": "card unreadable: take it out and insert it again",
    "HOLDER_UNAVAILABLE": "card holder data unavailable: see the desk (PSAM missing)",
}


def main():
    args = cb.arguments("Library gate example")
    cb.generate_stubs()
    from google.protobuf import duration_pb2
    from cardbridge.v1 import cards_pb2, identity_pb2, identity_pb2_grpc, simulator_pb2

    key = cb.Credentials(args.api_key)
    with grpc.insecure_channel(args.endpoint) as channel:
        identity = identity_pb2_grpc.IdentityServiceStub(channel)
        holder = cb.SimulatedHolder(channel)

        def admit(visitor, only_new, act):
            request = identity_pb2.AwaitCredentialRequest(
                purpose="library entrance", timeout=duration_pb2.Duration(seconds=30), only_new=only_new)
            try:
                presented = cb.await_credential(channel, request, key, act)
            except grpc.RpcError as error:
                refusal = cb.Refusal(error)
                print("%s: gate shut: %s: %s" % (visitor, refusal, ADVICE.get(refusal.reason, "see the desk")))
                return None
            if presented.WhichOneof("credential") == "card":
                how, who = "card", presented.card.holder
            else:
                how, who = "code " + cards_pb2.QrCodeKind.Name(presented.code.kind), presented.code.holder
            # identity.basic: the optional `name` is absent, only `name_masked` is sent.
            print("%s: gate open (%s) holder_id=%s name=%s full_name_sent=%s" % (
                visitor, how, who.holder_id, who.name_masked, who.HasField("name")))
            return who.holder_id

        def show(code):
            return lambda: holder.show_code(args.scanner, cards_pb2.QR_CODE_KIND_E_SOCIAL_SECURITY_CARD, "third-gen", code)

        first = admit("visitor 1", False, None)
        second = admit("visitor 2", True, show(simulator_pb2.SIMULATED_CODE_VALID))
        third = admit("visitor 3", True, show(simulator_pb2.SIMULATED_CODE_EXPIRED))
        if first is None or second is None or third is not None:
            return 1
        print("same person: %s" % (first == second))
        return 0


if __name__ == "__main__":
    sys.exit(main())
