"""What every CardBridge example needs: Python code generated from protos/cardbridge/v1 at run time, a channel that
sends the API key, and the ErrorInfo reason of a failed call.

Needs Debian's python3-grpcio, python3-grpc-tools (for the well-known types), protobuf-compiler and
protobuf-compiler-grpc. Nothing generated is kept: the code goes to a temporary directory removed at exit.
"""
import argparse
import atexit
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import grpc
import grpc_tools

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
STATUS_DETAILS = "grpc-status-details-bin"


def generate_stubs():
    """Compiles the contract into a temporary directory and puts it on sys.path."""
    out_dir = tempfile.mkdtemp(prefix="cardbridge-example-")
    atexit.register(shutil.rmtree, out_dir, ignore_errors=True)
    # grpc_tools carries the well-known types (duration, timestamp); Debian's protoc understands proto3 `optional`.
    well_known = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    contract = sorted(glob.glob(os.path.join(REPO_ROOT, "protos", "cardbridge", "v1", "*.proto")))
    # The contract's HTTP rules (google.api.http) import google/api/annotations.proto, kept beside it in protos/.
    contract += sorted(glob.glob(os.path.join(REPO_ROOT, "protos", "google", "api", "*.proto")))
    subprocess.run(
        ["protoc", "-I", os.path.join(REPO_ROOT, "protos"), "-I", well_known,
         "--plugin=protoc-gen-grpc_python=" + shutil.which("grpc_python_plugin"),
         "--python_out=" + out_dir, "--grpc_python_out=" + out_dir] + contract,
        check=True)
    subprocess.run(
        ["protoc", "-I", os.path.join(HERE, "protos"), "-I", well_known, "--python_out=" + out_dir,
         os.path.join(HERE, "protos", "google", "rpc", "error_info.proto")],
        check=True)
    sys.path.insert(0, out_dir)


def arguments(description, pin=False, bill=False):
    """The options every example takes (as the C# examples do)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--endpoint", default="127.0.0.1:50051", help="the service, host:port (loopback listener)")
    parser.add_argument("--api-key", default=None, help="this client's API key (cardbridge-service hash-key)")
    parser.add_argument("--reader", default="Simulated Reader 0", help="the counter's card reader")
    parser.add_argument("--scanner", default="Simulated Scanner", help="the counter's QR scanner")
    if pin:
        parser.add_argument("--pin", default="123456", help="the PIN the (simulated) holder types")
    if bill:
        parser.add_argument("--bill", default=None, help="the HIS charge number: the settlement's idempotency key")
        parser.add_argument("--total-fen", type=int, default=1500, help="the bill in fen")
    return parser.parse_args()


class Credentials:
    """Adds `authorization: Bearer KEY` to every call (plaintext loopback listener: call metadata, not TLS credentials)."""

    def __init__(self, api_key):
        self.metadata = (("authorization", "Bearer " + api_key),) if api_key else ()


class Refusal:
    """The reason and metadata of the google.rpc.ErrorInfo of a failed call; switch on `reason`, never the message."""

    def __init__(self, error):
        from google.rpc import error_info_pb2
        self.code = error.code().name
        self.reason = ""
        self.metadata = {}
        for key, value in error.trailing_metadata() or ():
            if key == STATUS_DETAILS:
                for detail in error_info_pb2.Status.FromString(value).details:
                    info = error_info_pb2.ErrorInfo()
                    if detail.Unpack(info):
                        self.reason = info.reason
                        self.metadata = dict(info.metadata)

    def __str__(self):
        if not self.metadata:
            return self.reason
        return "%s (%s)" % (self.reason, ", ".join("%s=%s" % item for item in sorted(self.metadata.items())))


class SimulatedHolder:
    """What the holder does, played by the simulator (SimulatorService, scope `admin`, which `--simulate` grants
    loopback callers with no key). A real counter has no such calls: the holder uses the scanner or the PIN pad."""

    def __init__(self, channel):
        from cardbridge.v1 import simulator_pb2, simulator_pb2_grpc
        self._pb = simulator_pb2
        self._stub = simulator_pb2_grpc.SimulatorServiceStub(channel)

    def show_code(self, scanner, kind, profile, code):
        self._stub.PresentCode(self._pb.PresentCodeRequest(scanner=scanner, kind=kind, holder=profile, code=code), timeout=10)

    def type_on_pin_pad(self, reader, digits):
        self._stub.PressKeys(self._pb.PressKeysRequest(reader=reader, digits=digits), timeout=10)


def await_credential(channel, request, credentials, act=None):
    """AwaitCredential, doing `act` (the holder presenting something) once the service listens, which it signals by
    sending the response headers. grpcio delivers a unary call's headers only with its answer, so the call is made
    through a server-streaming callable (same wire format: one answer) whose headers arrive on their own.
    Returns the AwaitCredentialResponse, or raises grpc.RpcError."""
    from cardbridge.v1 import identity_pb2
    call = channel.unary_stream(
        "/cardbridge.v1.IdentityService/AwaitCredential",
        request_serializer=identity_pb2.AwaitCredentialRequest.SerializeToString,
        response_deserializer=identity_pb2.AwaitCredentialResponse.FromString,
    )(request, timeout=40, metadata=credentials.metadata)
    call.initial_metadata()  # blocks until the headers arrive: from here on, anything presented is seen
    if act is not None:
        act()
    return next(call)
