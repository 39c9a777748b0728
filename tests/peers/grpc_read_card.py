#!/usr/bin/python3
"""Independent client: reads a card from CardBridge with code generated from protos/cardbridge/v1 by Debian's
protobuf-compiler + protobuf-compiler-grpc and run on Debian's python3-grpcio, to prove the contract is language-neutral.

Usage: grpc_read_card.py REPO_ROOT HOST:PORT READER

Generates the Python code into a temporary directory (never committed), then calls ListReaders, ReadCard on
READER, ReadCard on a well-formed session id no card ever had, and ReadCard on a malformed session id. Prints
one JSON object: what each call returned, or its status code name and the google.rpc.ErrorInfo decoded from the
`grpc-status-details-bin` trailer.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid

import grpc
import grpc_tools
from google.protobuf import __version__ as protobuf_version

HERE = os.path.dirname(os.path.abspath(__file__))
STATUS_DETAILS = "grpc-status-details-bin"


def generate(repo_root, out_dir):
    """Compiles the contract as it is with Debian's protoc and grpc_python_plugin (same version as grpcio)."""
    # grpc_tools brings the well-known types (timestamp, duration); its own embedded protoc (1.14.1) predates
    # proto3 `optional`, so the compiler is Debian's protobuf-compiler with protobuf-compiler-grpc's plugin.
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    files = sorted(glob.glob(os.path.join(repo_root, "protos", "cardbridge", "v1", "*.proto")))
    # The contract's HTTP rules (google.api.http) import google/api/annotations.proto, kept beside it in protos/.
    files += sorted(glob.glob(os.path.join(repo_root, "protos", "google", "api", "*.proto")))
    subprocess.run(
        ["protoc", "-I", os.path.join(repo_root, "protos"), "-I", well_known,
         "--plugin=protoc-gen-grpc_python=" + shutil.which("grpc_python_plugin"),
         "--python_out=" + out_dir, "--grpc_python_out=" + out_dir] + files,
        check=True)
    subprocess.run(
        ["protoc", "-I", os.path.join(HERE, "protos"), "-I", well_known, "--python_out=" + out_dir,
         os.path.join(HERE, "protos", "google", "rpc", "error_subset.proto")],
        check=True)


def error_of(error, error_subset_pb2):
    """The status code name and the ErrorInfo of a failed call."""
    result = {"code": error.code().name, "reason": None, "domain": None, "metadata": {}}
    for key, value in error.trailing_metadata() or ():
        if key == STATUS_DETAILS:
            status = error_subset_pb2.Status.FromString(value)
            result["status_code"] = status.code
            for detail in status.details:
                info = error_subset_pb2.ErrorInfo()
                if detail.Unpack(info):
                    result["reason"] = info.reason
                    result["domain"] = info.domain
                    result["metadata"] = dict(info.metadata)
    return result


def run_generated(repo_root, call):
    """Generates the contract's Python code into a temporary directory (removed after), imports it and prints what
    call() reports as one JSON object; the exit code 0."""
    out_dir = tempfile.mkdtemp(prefix="cardbridge-py-")
    try:
        generate(repo_root, out_dir)
        sys.path.insert(0, out_dir)
        print(json.dumps(call(), sort_keys=True))
        return 0
    finally:
        shutil.rmtree(out_dir, ignore_errors=True)


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    repo_root, target, reader = argv
    return run_generated(repo_root, lambda: read_card(target, reader))


def read_card(target, reader):
    """ListReaders, ReadCard on READER, then on an unknown and a malformed session id."""
    from cardbridge.v1 import cards_pb2, identity_pb2, identity_pb2_grpc, readers_pb2, readers_pb2_grpc
    from google.rpc import error_subset_pb2

    report = {
        "grpcio": grpc.__version__,
        "protobuf": protobuf_version,
    }
    with grpc.insecure_channel(target) as channel:
        readers = readers_pb2_grpc.ReaderServiceStub(channel)
        identity = identity_pb2_grpc.IdentityServiceStub(channel)
        listed = readers.ListReaders(readers_pb2.ListReadersRequest(), timeout=15)
        report["readers"] = [
            {"name": r.name, "card_present": r.card_present, "session_id": r.session_id} for r in listed.readers]

        read = identity.ReadCard(identity_pb2.ReadCardRequest(
            target=identity_pb2.CardTarget(reader=reader), purpose="python peer"), timeout=15)
        report["read_card"] = {
            "session_id": read.identity.session_id,
            "reader": read.identity.reader,
            "kind": cards_pb2.CardKind.Name(read.identity.card.kind),
            "holder_name": read.identity.holder.name,
            "genuineness": cards_pb2.Genuineness.Name(read.identity.genuineness),
        }

        for name, session_id in (("unknown_session", str(uuid.uuid4())), ("malformed_session", "not-a-session")):
            try:
                identity.ReadCard(identity_pb2.ReadCardRequest(
                    target=identity_pb2.CardTarget(session_id=session_id)), timeout=15)
                report[name] = {"code": "OK"}
            except grpc.RpcError as error:
                report[name] = error_of(error, error_subset_pb2)
            report[name]["session_id"] = session_id
        return report


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
