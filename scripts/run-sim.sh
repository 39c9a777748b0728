#!/usr/bin/env bash
# README command 1: build, start a real pcscd with vsmartcard's virtual readers, put the simulated
# third-generation social security card in reader 0 and the simulated PSAM in reader 1, then read the card
# through CardBridge's own PC/SC stack. As root this runs in a private mount + network namespace, so it
# needs no system pcscd and disturbs none. Options: --profile NAME (default third-gen; see
# `cardbridge-sim profiles`), --watch (keep running and print reader/card events until Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."

profile=third-gen
watch=0
while (($#)); do
  case $1 in
    --profile) profile=$2; shift 2 ;;
    --watch) watch=1; shift ;;
    --inside) inside=1; shift ;;
    *) echo "usage: $0 [--profile NAME] [--watch]" >&2; exit 2 ;;
  esac
done

if [[ -z ${inside:-} ]]; then
  for p in pcscd vsmartcard-vpcd; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      [[ $(id -u) -eq 0 ]] || { echo "install $p first (sudo apt-get install pcscd vsmartcard-vpcd)" >&2; exit 2; }
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pcscd vsmartcard-vpcd iproute2 >/dev/null
    fi
  done
  dotnet build hardware-sim/CardBridge.HardwareSim -c Release -nologo -v q
  dotnet build src/CardBridge.Cli -c Release -nologo -v q
  args=(--profile "$profile" --inside)
  ((watch)) && args+=(--watch)
  if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
    mkdir -p /run/pcscd
    exec unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "$0" "${args[@]}"
  fi
  exec "$0" "${args[@]}"
fi

sim=(dotnet hardware-sim/CardBridge.HardwareSim/bin/Release/net10.0/cardbridge-sim.dll)
cli=(dotnet src/CardBridge.Cli/bin/Release/net10.0/cardbridge.dll)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

/usr/sbin/pcscd --foreground --info >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S /run/pcscd/pcscd.comm ]] && break; sleep 0.05; done

# The virtual cards run until killed (end of their standard input does not stop them); their log goes to a file.
log=${TMPDIR:-/tmp}/cardbridge-sim.log
"${sim[@]}" vcard --profile "$profile" --vpcd-port 35963 < /dev/null > /dev/null 2>> "$log" &
pids+=($!)
"${sim[@]}" vcard --profile psam --vpcd-port 35964 < /dev/null > /dev/null 2>> "$log" &
pids+=($!)
for _ in $(seq 200); do
  [[ $("${cli[@]}" pcsc readers | grep -c 'card present') -eq 2 ]] && break
  sleep 0.1
done

echo "== readers (through pcscd, with CardBridge's PC/SC binding)"
"${cli[@]}" pcsc readers
echo
echo "== the social security card in reader 0: SELECT SSSE, card identification file EF05 records 1-7"
"${cli[@]}" pcsc apdu --reader "Virtual PCD 00 00" \
  00A404000F7378312E73682EC9E7BBE1B1A3D5CF00 \
  00B2012C00 00B2022C00 00B2032C00 00B2042C00 00B2052C00 00B2062C00 00B2072C00 \
  00B2013400
echo "(the last command asks for holder data, which a 3.00 card keeps behind RKSSSE authentication: 6982)"
echo
echo "== the PSAM in reader 1: terminal number (EF16)"
"${cli[@]}" pcsc apdu --reader "Virtual PCD 00 01" 00B0960006

if ((watch)); then
  echo
  echo "== watching reader and card events (Ctrl-C to stop)"
  "${cli[@]}" pcsc watch
fi
