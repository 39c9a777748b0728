#!/usr/bin/env bash
# Windows, executed under wine64 (issue 20; called by scripts/test.sh; runnable alone after a Release build of
# CardBridge.sln, whose Linux CLI and cardbridge-sim step 4 uses): builds the pass-through winscard.dll and
# winscard-bridge (tests/windows/README.md), publishes for win-x64 (once, before the namespace), then
#   1. translate-test        the Windows ↔ pcsc-lite translation and wire format (native)
#   2. passthrough-test.exe  the Windows PC/SC API through the DLL, the bridge and the real pcscd + vpcd (wine64)
#   3. CardBridge.Pcsc.Tests published for win-x64 (tests/windows/CardBridge.Pcsc.WindowsTests) and run under wine64:
#      the binding is WinScardNative, pcscd is the bridge's (the integration tests start and kill it through it)
#   4. the win-x64 cardbridge-service.exe under wine64, called by the Linux CLI and a Python client
#      (tests/windows/service-smoke.sh): simulator, settlements, journal across a restart, Ctrl-C, PC/SC
# Each prints the "Passed!  - Failed: …" line scripts/test.sh counts. As root it runs in its own mount + network
# namespace (own /run/pcscd, own loopback), like the integration tests. Every wait is bounded; everything it
# started is stopped by PID when it ends.
set -euo pipefail
cd "$(dirname "$0")/../.."

step() { echo "== windows: $* ($((SECONDS - started)) s)"; }

# The builds come first, outside the namespace: a restore checks the package feed, which a namespace without
# network cannot reach. The work directory (and its removal) then passes to the namespaced run.
if [[ -z ${CARDBRIDGE_WINDOWS_WORK:-} ]]; then
  started=$SECONDS
  work=$(mktemp -d "${TMPDIR:-/tmp}/cardbridge-windows.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  step "build the pass-through (mingw-w64 DLL, Linux bridge)"
  make -s -C tests/windows OUT="$work/build" >/dev/null
  step "publish for win-x64: CardBridge.Pcsc.Tests, the service"
  publish() { # project, output directory
    timeout 600 dotnet publish "$1" -c Release -r win-x64 --self-contained true -o "$2" -p:PublishDocumentationFiles=false -nologo -v q
  }
  publish tests/windows/CardBridge.Pcsc.WindowsTests "$work/pcsc-tests"
  publish src/CardBridge.Service/CardBridge.Service.csproj "$work/service"
  cp "$work/build/winscard.dll" "$work/pcsc-tests/"
  cp "$work/build/winscard.dll" "$work/service/"
  export CARDBRIDGE_WINDOWS_WORK=$work CARDBRIDGE_WINDOWS_ELAPSED=$((SECONDS - started))
  trap - EXIT
  if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
    mkdir -p /run/pcscd
    exec unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "$0" "$@"
  fi
  exec "$0" "$@"
fi

. tests/windows/wine.sh
. tests/windows/service-smoke.sh
work=$CARDBRIDGE_WINDOWS_WORK
started=$((SECONDS - ${CARDBRIDGE_WINDOWS_ELAPSED:-0}))
pcscd_pid=""
bridge_pid=""
status=0

stop_pid() { # PID: SIGTERM, then SIGKILL after 10 s
  [[ -n $1 ]] && kill -0 "$1" 2>/dev/null || return 0
  kill -TERM "$1" 2>/dev/null || true
  timeout 10 tail --pid="$1" -f /dev/null || kill -KILL "$1" 2>/dev/null || true
}
cleanup() {
  stop_pid "$service_pid"
  for pid in "${vcard_pids[@]}"; do stop_pid "$pid"; done
  stop_pid "$bridge_pid"
  stop_pid "$pcscd_pid"
  wine_stop
  rm -rf "$work"
}
trap cleanup EXIT

start_pcscd() {
  /usr/sbin/pcscd --foreground --info > "$work/pcscd.log" 2>&1 &
  pcscd_pid=$!
  for _ in $(seq 300); do [[ -S /run/pcscd/pcscd.comm ]] && return 0; sleep 0.05; done
  echo "pcscd did not open its socket in 15 s" >&2
  return 1
}
stop_pcscd() {
  stop_pid "$pcscd_pid"
  pcscd_pid=""
}

step "translate-test"
"$work/build/translate-test" || status=1

step "wine64 prefix"
wine_start

"$work/build/winscard-bridge" --listen 127.0.0.1:0 > "$work/bridge.out" 2> "$work/bridge.log" &
bridge_pid=$!
for _ in $(seq 400); do grep -q '^listening' "$work/bridge.out" && break; sleep 0.05; done
CARDBRIDGE_WINSCARD_BRIDGE=$(awk '/^listening/ {print $2}' "$work/bridge.out")
[[ -n $CARDBRIDGE_WINSCARD_BRIDGE ]] || { echo "winscard-bridge did not start:" >&2; cat "$work/bridge.log" >&2; exit 1; }
export CARDBRIDGE_WINSCARD_BRIDGE

step "passthrough-test.exe (wine64 → winscard.dll → winscard-bridge $CARDBRIDGE_WINSCARD_BRIDGE → pcscd → vpcd)"
mkdir -p "$work/passthrough"
cp "$work/build/passthrough-test.exe" "$work/build/winscard.dll" "$work/passthrough/"
start_pcscd
wine_run 120 "$work/passthrough/passthrough-test.exe" || status=1
stop_pcscd

step "CardBridge.Pcsc.Tests as a Windows program (WinScardNative → winscard.dll → pcscd)"
wine_run 600 "$work/pcsc-tests/cardbridge-pcsc-windows-tests.exe" || status=1

step "cardbridge-service.exe (win-x64) under wine64: simulator, restart, PC/SC through the pass-through"
service_smoke || status=1

step "done"
exit "$status"
