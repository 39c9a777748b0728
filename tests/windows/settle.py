#!/usr/bin/python3
"""A Python client settling a bill with the card in READER: SettlementService.Settle with the simulated card's PIN.

Usage: settle.py REPO_ROOT HOST:PORT READER IDEMPOTENCY_KEY

Generates the Python code from protos/cardbridge/v1 as tests/peers/grpc_read_card.py does (Debian's protoc and
python3-grpcio) and prints one JSON object: the answer's offline flag, journal sequence, card_written, centre
settlement id and total, or the call's status code name and google.rpc.ErrorInfo.
"""
import os
import sys

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from grpc_read_card import error_of, run_generated  # noqa: E402

PIN = "123456"  # the synthetic profiles' PIN (hardware-sim/profiles)
TOTAL_FEN = 1250


def settle(target, reader, key):
    """One Settle of an outpatient bill of TOTAL_FEN with the card in READER."""
    from cardbridge.v1 import identity_pb2, settlement_pb2, settlement_pb2_grpc
    from google.rpc import error_subset_pb2

    with grpc.insecure_channel(target) as channel:
        request = settlement_pb2.SettleRequest(
            idempotency_key=key,
            credential=settlement_pb2.SettlementCredential(card=identity_pb2.CardTarget(reader=reader)),
            bill=settlement_pb2.Bill(scenario=settlement_pb2.SETTLEMENT_SCENARIO_OUTPATIENT, total_fen=TOTAL_FEN),
            purpose="windows smoke",
            pin=PIN)
        try:
            answer = settlement_pb2_grpc.SettlementServiceStub(channel).Settle(request, timeout=60)
        except grpc.RpcError as error:
            return error_of(error, error_subset_pb2)
        return {
            "offline": answer.offline,
            "journal_sequence": answer.journal_sequence,
            "card_written": answer.card_written,
            "settlement_id": answer.settlement_id,
            "total_fen": answer.amounts.total_fen,
        }


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    repo_root, target, reader, key = argv
    return run_generated(repo_root, lambda: settle(target, reader, key))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
