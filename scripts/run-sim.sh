#!/usr/bin/env bash
# README command 1: build and run the CardBridge service with its embedded simulator (simulated readers, a
# simulated third-generation card, the simulated PSAM; no pcscd, no hardware), then read the card over gRPC
# with the `cardbridge` CLI. The service keeps running on 127.0.0.1:50051 until Ctrl-C, so you can try
# `cardbridge readers|watch|read|verify-pin|await|sim …` from another terminal (see src/CardBridge.Cli/README.md),
# and its web listener on 127.0.0.1:50052 (`curl -s http://127.0.0.1:50052/v1/readers`; docs/guides/web.md).
#
# Options:
#   --once          read, then stop the service and exit (what the tests run)
#   --pcscd         the real PC/SC path instead: a private pcscd with vsmartcard's virtual readers, the simulated
#                   card behind vpcd in "Virtual PCD 00 00", the PSAM in "Virtual PCD 00 01" (root: own namespace)
#   --port N        listen on 127.0.0.1:N (default 50051)
#   --web-port N    the web listener on 127.0.0.1:N (default 50052)
set -euo pipefail
cd "$(dirname "$0")/.."

once=0
pcscd=0
port=50051
web_port=50052
while (($#)); do
  case $1 in
    --once) once=1; shift ;;
    --pcscd) pcscd=1; shift ;;
    --port) port=$2; shift 2 ;;
    --web-port) web_port=$2; shift 2 ;;
    --inside) inside=1; shift ;;
    *) echo "usage: $0 [--once] [--pcscd] [--port N] [--web-port N]" >&2; exit 2 ;;
  esac
done

if [[ -z ${inside:-} ]]; then
  if ((pcscd)); then
    for p in pcscd vsmartcard-vpcd; do
      if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        [[ $(id -u) -eq 0 ]] || { echo "install $p first (sudo apt-get install pcscd vsmartcard-vpcd)" >&2; exit 2; }
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends pcscd vsmartcard-vpcd iproute2 >/dev/null
      fi
    done
  fi
  dotnet build src/CardBridge.Service -c Release -nologo -v q
  dotnet build src/CardBridge.Cli -c Release -nologo -v q
  if ((pcscd)); then
    dotnet build hardware-sim/CardBridge.HardwareSim -c Release -nologo -v q
  fi
  args=(--inside --port "$port" --web-port "$web_port")
  ((once)) && args+=(--once)
  ((pcscd)) && args+=(--pcscd)
  if ((pcscd)) && [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
    mkdir -p /run/pcscd
    exec unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "$0" "${args[@]}"
  fi
  exec "$0" "${args[@]}"
fi

service=(dotnet src/CardBridge.Service/bin/Release/net10.0/cardbridge-service.dll)
sim=(dotnet hardware-sim/CardBridge.HardwareSim/bin/Release/net10.0/cardbridge-sim.dll)
endpoint=http://127.0.0.1:$port
cli() { dotnet src/CardBridge.Cli/bin/Release/net10.0/cardbridge.dll "$@" --endpoint "$endpoint"; }
state=$(mktemp -d "${TMPDIR:-/tmp}/cardbridge-run.XXXXXX")
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

settings=(--Listeners:LoopbackPort="$port" --Listeners:Web:Port="$web_port" --Logs:FilePath="$state/log-.json" --Audit:Path="$state/audit-.jsonl")
if ((pcscd)); then
  /usr/sbin/pcscd --foreground --info >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do [[ -S /run/pcscd/pcscd.comm ]] && break; sleep 0.05; done
  "${sim[@]}" vcard --profile third-gen --vpcd-port 35963 < /dev/null > /dev/null 2>> "$state/sim.log" &
  pids+=($!)
  "${sim[@]}" vcard --profile psam --vpcd-port 35964 < /dev/null > /dev/null 2>> "$state/sim.log" &
  pids+=($!)
  reader="Virtual PCD 00 00"
  key=$(dotnet src/CardBridge.Service/bin/Release/net10.0/cardbridge-service.dll new-pseudonym-key)
  journal_key=$(dotnet src/CardBridge.Service/bin/Release/net10.0/cardbridge-service.dll new-pseudonym-key)
  integrity_key=$(dotnet src/CardBridge.Service/bin/Release/net10.0/cardbridge-service.dll new-pseudonym-key)
  # This demo reads the card; a deployment names its insurance centre (try `cardbridge-sim centre --port N`).
  settings+=(--Journal:Path="$state/journal.db" --Journal:EncryptionKey="$journal_key" --Journal:IntegrityKey="$integrity_key"
    --Qr:Replay:DatabasePath="$state/qr-replay.db"
    --Centre:ServiceUri="http://127.0.0.1:9/fsi/api/rsfComIfsService/callService" --Centre:InstitutionCode=SIMH0001
    --Centre:InstitutionName=测试医院 --Centre:OperatorCode=SIMOP001 --Centre:OperatorName=测试操作员 --Settlement:TerminalId=999900000001)
  settings+=(--Readers:PsamReader="Virtual PCD 00 01" --Security:PseudonymKey="$key"
    --Security:LocalScopes:0=identity.basic --Security:LocalScopes:1=identity.full --Security:LocalScopes:2=pin)
  "${service[@]}" "${settings[@]}" > "$state/console.log" 2>&1 &
else
  reader="Simulated Reader 0"
  # The simulator's journal, keys, rider lists and replay cache go to this run's directory, never into the checkout.
  "${service[@]}" --simulate --Simulation:StateDirectory="$state" "${settings[@]}" > "$state/console.log" 2>&1 &
fi
pids+=($!)

for _ in $(seq 300); do
  cli health > /dev/null 2>&1 && break
  kill -0 "${pids[-1]}" 2>/dev/null || { echo "the service stopped:" >&2; cat "$state/console.log" >&2; exit 1; }
  sleep 0.1
done
# The card is pre-read the moment it is seen; wait for its session (a 3.00 card needs the PSAM, ~100 ms).
cli await --reader "$reader" --timeout 20s > /dev/null

echo "== readers (cardbridge readers)"
cli readers
echo
echo "== the card in \"$reader\", read over gRPC (cardbridge read --reader \"$reader\")"
cli read --reader "$reader" --purpose "README demo"
if ((!pcscd)); then
  echo
  echo "== put a second-generation card in \"Simulated Reader 1\" and wait for it as a script would (cardbridge await --json)"
  cli sim insert --reader "Simulated Reader 1" --profile second-gen
  cli await --reader "Simulated Reader 1" --timeout 20s --json
fi
echo
echo "service log: $state/console.log   audit log: $state/audit-*.jsonl"

if ((!once)); then
  echo
  echo "The service is listening on $endpoint. Try, from another terminal:"
  echo "  dotnet src/CardBridge.Cli/bin/Release/net10.0/cardbridge.dll watch"
  echo "  printf '%s\\n' 123456 | dotnet src/CardBridge.Cli/bin/Release/net10.0/cardbridge.dll verify-pin --reader \"$reader\""
  echo "Ctrl-C stops it."
  wait "${pids[-1]}"
fi
