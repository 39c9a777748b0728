#!/usr/bin/env bash
# Runs a benchmark: bench/run.sh [NAME] [--iterations N] [--seconds S] [--repeats R]
# NAME: pcsc-apdu-roundtrip, identity-read (the real pcscd + vpcd), grpc-read-card or settlement-throughput (the
# real service in-process in simulator mode, gRPC on loopback; the latter also the offline journal alone, in a
# temp directory), web-read-card (ReadCard through the JSON face and gRPC-Web over HTTP/1.1 against native gRPC), transit-tap (the fare gate's decision through the service over pcscd + vpcd and in process,
# 4 gates at once), transit-gate-decision (the gate logic alone, in process) or soak (the service process over pcscd + vpcd:
# --iterations card cycles, 10,000 by default — about 2.3 hours — with a pcscd kill and restart per 100; the CI-sized form
# is SoakThroughPcscdTests) or arrival (a 3.00 card's present -> SessionReady, present as a C client in
# SCardGetStatusChange sees it, bench/arrival-observer.c; built here with cc and libpcsclite) or settle-reader-hold (what an
# online Settle holding its reader across the centre's round trip costs a card call on that reader and on another, in process). Builds Release, then runs in a private mount + network
# namespace (root) so the benchmark's own pcscd, the vpcd ports and the loopback listeners collide with
# nothing. Results go to bench/results/NAME.json.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-pcsc-apdu-roundtrip}
shift || true
dotnet build bench/CardBridge.Bench -c Release -nologo -v q
if [[ $name == arrival ]]; then
  observer=bench/CardBridge.Bench/bin/arrival-observer
  # shellcheck disable=SC2046 # pkg-config prints several flags
  cc -O2 -Wall -Werror -o "$observer" bench/arrival-observer.c $(pkg-config --cflags --libs libpcsclite)
  export CARDBRIDGE_ARRIVAL_OBSERVER=$PWD/$observer
fi
if [[ $name == grpc-read-card || $name == web-read-card || $name == settlement-throughput || $name == transit-tap || $name == settle-reader-hold ]]; then
  # The service runs in-process here: give the process the GC the service itself runs with (the Web SDK's server GC).
  export DOTNET_gcServer=1
fi
bench=(dotnet bench/CardBridge.Bench/bin/Release/net10.0/CardBridge.Bench.dll "$name" "$@")
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
  mkdir -p /run/pcscd
  unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "${bench[@]}"
else
  "${bench[@]}"
fi
