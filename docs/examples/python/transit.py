#!/usr/bin/python3
"""docs/guides/transit.md: a fare gate against CardBridge that drives its own taps (scopes transit, identity.basic).

The gate waits for a card at its reader or a code at its scanner (AwaitCredential), asks for the decision
(TransitService.Tap) and opens or stays shut as the decision says; the service never waits for the centre. Rider 1
pays from the card's purse and taps again at once (the same ride, charged once), rider 2 rides free by age, rider 3's
card is hot-listed, rider 4 shows a transit code.

    /usr/bin/python3 docs/examples/python/transit.py --endpoint 127.0.0.1:50051 --api-key KEY
"""
import sys

import grpc

import cardbridge_client as cb

# What the gate display shows for a refusal (TAP_REFUSAL_ names without the prefix).
SHOWN = {
    "HOT_LISTED": lambda r: "card blocked: see the ticket office",
    "INSUFFICIENT_BALANCE": lambda r: "balance %s below the fare %s: top up" % (yuan(r.balance_fen), yuan(r.fare_fen)),
    "NO_PURSE": lambda r: "no transit purse on this card: use the app's code",
    "FARE_EXCEEDS_LIMIT": lambda r: "fare %s above the code's limit: use the card" % yuan(r.fare_fen),
    "PURCHASE_UNRESOLVED": lambda r: "an earlier payment is being checked: see the ticket office",
    "CARD_NOT_ACCEPTED": lambda r: "card not accepted here: see the ticket office",
}
# What the gate shows when a tap gets no decision.
ADVICE = {
    "CARD_REMOVED": "hold the card still: tap again",
    "NO_CARD": "tap the card again",
    "NOT_SOCIAL_SECURITY_CARD": "card not accepted: see the ticket office",
    "CARD_NOT_GENUINE": "card not accepted: see the ticket office",
    "CREDENTIAL_UNKNOWN": "scan the code again",
    "CREDENTIAL_NOT_ACCEPTED": "not a transit code: show the transit code",
}


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def describe(decision, transit_pb2):
    """The decision as the gate acts on it."""
    repeated = " repeated=True (nothing charged)" if decision.repeated else ""
    if decision.WhichOneof("outcome") == "refused":
        name = transit_pb2.TapRefusal.Name(decision.refused.reason)[len("TAP_REFUSAL_"):]
        shown = SHOWN.get(name, lambda r: "see the ticket office")(decision.refused)
        return "gate shut: %s%s: %s" % (name, repeated, shown)
    allowed = decision.allowed
    if allowed.free_reason == transit_pb2.FREE_RIDE_REASON_AGE:
        how = "free (age)"
    elif allowed.free_reason == transit_pb2.FREE_RIDE_REASON_CATEGORY:
        how = "free (category %s)" % allowed.free_category
    else:
        how = "paid fare_fen=%d" % allowed.fare_fen
    if allowed.HasField("balance_after_fen"):
        purse = " balance_after_fen=%d" % allowed.balance_after_fen
    elif decision.medium == transit_pb2.TAP_MEDIUM_QR_CODE and allowed.fare_fen > 0:
        purse = " (charged to the code's account later)"
    else:
        purse = ""
    return "gate open: %s%s%s" % (how, purse, repeated)


def main():
    args = cb.arguments("Fare gate example")
    cb.generate_stubs()
    from google.protobuf import duration_pb2
    from cardbridge.v1 import cards_pb2, identity_pb2, simulator_pb2, simulator_pb2_grpc, transit_pb2, transit_pb2_grpc

    gate, line, stop = "G-01", "L1", "S-05"
    key = cb.Credentials(args.api_key)
    with grpc.insecure_channel(args.endpoint) as channel:
        transit = transit_pb2_grpc.TransitServiceStub(channel)
        holder = cb.SimulatedHolder(channel)
        simulator = simulator_pb2_grpc.SimulatorServiceStub(channel)

        def tap_card(profile):
            # The rider taps the card (the simulator inserts it; a real gate has no such call).
            return lambda: simulator.InsertCard(
                simulator_pb2.InsertCardRequest(reader=args.reader, profile=profile), timeout=10)

        def presented(act):
            """The next card at the gate's reader or code at its scanner, presented once the service listens."""
            request = identity_pb2.AwaitCredentialRequest(
                purpose="fare gate", reader=args.reader, scanner=args.scanner, only_new=True,
                timeout=duration_pb2.Duration(seconds=30))
            return cb.await_credential(channel, request, key, act)

        def tap(rider, **presented_as):
            try:
                decision = transit.Tap(transit_pb2.TapRequest(gate_id=gate, line=line, stop=stop, **presented_as),
                                       timeout=10, metadata=key.metadata).decision
            except grpc.RpcError as error:
                refusal = cb.Refusal(error)
                print("%s: no decision: %s: %s" % (rider, refusal, ADVICE.get(refusal.reason, "out of order: call IT")))
                return None
            print("%s: %s" % (rider, describe(decision, transit_pb2)))
            if not decision.journaled:
                # The gate still follows the decision; the service has logged the alarm, the station raises it too.
                print("%s: ALARM ride %s not journaled" % (rider, decision.ride_id))
            return decision

        def card_of(credential):
            return identity_pb2.CardTarget(session_id=credential.card.session_id)

        ordinary = presented(tap_card("transit/ordinary"))
        paid = tap("rider 1 (card)", card=card_of(ordinary))
        again = tap("rider 1 again", card=card_of(ordinary))
        elderly = presented(tap_card("transit/elderly"))
        free = tap("rider 2 (card)", card=card_of(elderly))
        hot = presented(tap_card("transit/hotlisted"))
        refused = tap("rider 3 (card)", card=card_of(hot))
        code = presented(lambda: holder.show_code(
            args.scanner, cards_pb2.QR_CODE_KIND_TRANSIT, "third-gen", simulator_pb2.SIMULATED_CODE_VALID))
        by_code = tap("rider 4 (code)", code_credential_id=code.code.credential_id)

        decisions = (paid, again, free, refused, by_code)
        if any(d is None for d in decisions):
            return 1
        print("same ride: %s" % (paid.ride_id == again.ride_id))
        ok = (paid.WhichOneof("outcome") == "allowed" and again.repeated and free.WhichOneof("outcome") == "allowed"
              and refused.WhichOneof("outcome") == "refused" and by_code.WhichOneof("outcome") == "allowed")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
