#!/usr/bin/env bash
# Runs a benchmark against the real pcscd + vpcd: bench/run.sh [NAME] [--iterations N]
# Builds Release, then runs in a private mount + network namespace (root) so the benchmark's own pcscd
# and the vpcd ports collide with nothing. Results go to bench/results/NAME.json.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:-pcsc-apdu-roundtrip}
shift || true
dotnet build bench/CardBridge.Bench -c Release -nologo -v q
bench=(dotnet bench/CardBridge.Bench/bin/Release/net10.0/cardbridge-bench.dll "$name" "$@")
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
  mkdir -p /run/pcscd
  unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "${bench[@]}"
else
  "${bench[@]}"
fi
