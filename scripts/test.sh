#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, builds with warnings as errors,
# runs the unit tests, then the integration tests against a real pcscd + vpcd that the tests start
# themselves. As root the integration tests run in a private mount + network namespace, so their pcscd,
# its socket (/run/pcscd) and the vpcd ports (35963/35964) collide with nothing else on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pcscd vsmartcard-vpcd vsmartcard-vpicc python3-pycryptodome pcsc-tools python3-pyscard socat iproute2 python3-grpcio python3-grpc-tools python3-protobuf protobuf-compiler protobuf-compiler-grpc chromium fonts-wqy-microhei make gcc libc6-dev libpcsclite-dev gcc-mingw-w64-x86-64 gcc-mingw-w64-i686 wine64 python3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing packages: ${missing[*]} — install them (sudo apt-get install ${missing[*]}) or run as root" >&2
    exit 2
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The Debian package starts nothing here (no systemd), but a pcscd left by someone else would own the
# shared socket: the integration tests never touch it when they run in their own namespace.

configuration=Release
# The legacy library (the standard reader-terminal interface) for linux-x64, win-x64 and win-x86, and its test drivers.
src/CardBridge.Legacy/build.sh
dotnet build CardBridge.sln -c "$configuration" -warnaserror -nologo -v q

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
echo "== unit tests"
dotnet test CardBridge.sln -c "$configuration" --no-build --nologo --filter 'Category!=Integration' 2>&1 | tee -a "$log" || status=1

echo "== integration tests (real pcscd + vpcd)"
# -m:1: test assemblies one after another, since they share the one pcscd of the namespace.
integration=(dotnet test CardBridge.sln -c "$configuration" --no-build --nologo -m:1 --filter 'Category=Integration')
if [[ $(id -u) -eq 0 ]] && command -v unshare >/dev/null; then
  mkdir -p /run/pcscd
  unshare --mount --net bash -c 'set -e; mount -t tmpfs tmpfs /run/pcscd; ip link set lo up; exec "$@"' _ "${integration[@]}" 2>&1 | tee -a "$log" || status=1
else
  "${integration[@]}" 2>&1 | tee -a "$log" || status=1
fi

# --- Windows under wine64 (issue 20): the pass-through winscard.dll to this pcscd, the win-x64 builds run as Windows
# programs. tests/windows/run.sh takes its own namespace as root, like the integration tests above.
echo "== Windows under wine64 (pass-through winscard.dll → winscard-bridge → pcscd)"
tests/windows/run.sh 2>&1 | tee -a "$log" || status=1
# --- end of the Windows block

echo "== installers (publish, install into a temporary root, systemd-analyze verify)"
installer/test.sh 2>&1 | tee -a "$log" || status=1

# CI keeps the end of this output: repeat each failed test there with the first line of its error.
awk '/^  Failed [^!]/ { name = $0; want = 1; next }
     want && /Error Message:/ { getline; sub(/^ +/, ""); print "FAILED" substr(name, 9) ": " substr($0, 1, 300); want = 0 }' "$log"
# One closing line for CI: totals over every test assembly of both runs.
awk '/(Passed|Failed)! +- +Failed:/ {
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
