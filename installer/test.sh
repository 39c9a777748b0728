#!/usr/bin/env bash
# The installers' CI test (issue 8 items 1–2), called by scripts/test.sh. Publishes once, installs into a temporary
# root prefix, checks the layout and permissions, starts the installed service (simulator, free loopback port)
# and asks the installed CLI for its health, re-installs over a changed configuration, uninstalls, purges, and
# has systemd-analyze verify the unit. Also cross-publishes win-x64 and linux-arm64 and checks the programs.
# Prints PASS/FAIL per check and a summary; exits 1 when a check failed, 2 when it could not run.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

if ! command -v systemd-analyze >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "missing systemd-analyze — install it (sudo apt-get install systemd) or run as root" >&2
    exit 2
  fi
  echo "installing: systemd (for systemd-analyze)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends systemd >/dev/null
fi

work=$(mktemp -d)
root=$work/root
service_pid=""
cleanup() {
  if [[ -n $service_pid ]] && kill -0 "$service_pid" 2>/dev/null; then
    kill -TERM "$service_pid"
    timeout 20 tail --pid="$service_pid" -f /dev/null || kill -KILL "$service_pid"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
results=()
# check NAME COMMAND…: runs the command, records PASS or FAIL, shows the command's output when it failed.
check() {
  local name=$1
  shift
  # In this shell, not a subshell: a check may change state (the service's PID) and wait for its own children.
  if "$@" >"$work/check.out" 2>&1; then
    passed=$((passed + 1))
    results+=("PASS  $name")
    echo "PASS  $name"
  else
    failed=$((failed + 1))
    results+=("FAIL  $name")
    echo "FAIL  $name"
    sed 's/^/      /' "$work/check.out"
  fi
}
summary() {
  echo
  echo "== installer test summary ($((SECONDS - started)) s)"
  printf '%s\n' "${results[@]}"
  if ((failed)); then
    echo "installer tests: FAIL ($passed passed, $failed failed)"
    exit 1
  fi
  echo "installer tests: PASS ($passed passed)"
}
# A step every later check depends on: on failure, summarise and stop.
require() {
  local before=$failed
  check "$@"
  if ((failed > before)); then
    echo "cannot go on without: $1"
    summary
  fi
}

mode_is() { # expected-octal path
  local actual
  actual=$(stat -c %a "$2")
  [[ $actual == "$1" ]] || { echo "$2 has mode $actual, expected $1"; return 1; }
}
elf_machine_is() { # hex e_machine (3e x86-64, b7 aarch64), file
  local magic machine
  magic=$(od -An -tx1 -N4 "$2" | tr -d ' ')
  machine=$(od -An -tx1 -j18 -N1 "$2" | tr -d ' ')
  [[ $magic == 7f454c46 && $machine == "$1" ]] || { echo "$2: not an ELF executable for machine 0x$1 (magic $magic, machine $machine)"; return 1; }
}
pe_exe() {
  [[ -f $1 && $(head -c 2 "$1") == MZ ]] || { echo "$1: missing or not a PE executable"; return 1; }
}
absent() {
  local path
  for path in "$@"; do
    if [[ -e $path || -L $path ]]; then echo "$path still exists"; return 1; fi
  done
}
present() {
  local path
  for path in "$@"; do
    [[ -e $path ]] || { echo "$path is missing"; return 1; }
  done
}
contains() { # file extended-regex
  grep -qE "$2" "$1" || { echo "$1 does not match /$2/"; return 1; }
}

case $(uname -m) in
  x86_64) host_rid=linux-x64; host_machine=3e; other_rid=linux-arm64; other_machine=b7 ;;
  aarch64) host_rid=linux-arm64; host_machine=b7; other_rid=linux-x64; other_machine=3e ;;
  *) echo "no .NET runtime for $(uname -m)" >&2; exit 2 ;;
esac

echo "== publish ($host_rid, win-x64, $other_rid) into $work"
require "publish $host_rid (service + CLI, self-contained)" installer/publish.sh --rid "$host_rid" --out "$work/$host_rid"
check "publish win-x64 from Linux" installer/publish.sh --rid win-x64 --out "$work/win-x64"
windows_programs() {
  pe_exe "$work/win-x64/service/cardbridge-service.exe" && pe_exe "$work/win-x64/cli/cardbridge.exe" &&
    present "$work/win-x64/service/coreclr.dll" "$work/win-x64/service/appsettings.json"
}
check "win-x64: cardbridge-service.exe and cardbridge.exe are PE executables with their runtime" windows_programs
windows_legacy() {
  pe_exe "$work/win-x64/service/legacy/x64/SSCardDriver.dll" && pe_exe "$work/win-x64/service/legacy/x86/SSCardDriver.dll" &&
    present "$work/win-x64/service/legacy/cardbridge-legacy.ini" &&
    objdump -p "$work/win-x64/service/legacy/x86/SSCardDriver.dll" | grep "file format pei-i386" >/dev/null
}
check "win-x64: the legacy SSCardDriver.dll for x64 and x86 programs and its ini beside the service" windows_legacy
check "publish $other_rid from $(uname -m)" installer/publish.sh --rid "$other_rid" --out "$work/$other_rid"
other_programs() {
  elf_machine_is "$other_machine" "$work/$other_rid/service/cardbridge-service" &&
    elf_machine_is "$other_machine" "$work/$other_rid/cli/cardbridge"
}
check "$other_rid: the programs are ELF for that machine" other_programs
rm -rf "$work/win-x64" "$work/${other_rid:?}"

echo "== install into $root"
require "install.sh --prefix (fresh)" installer/linux/install.sh --prefix "$root" --from "$work/$host_rid"
opt=$root/opt/cardbridge
etc=$root/etc/cardbridge
data=$root/var/lib/cardbridge
logs=$root/var/log/cardbridge
unit=$root/etc/systemd/system/cardbridge.service
cli=$root/usr/local/bin/cardbridge
check "layout: binaries, CLI link, unit, configuration, data and log directories" \
  present "$opt/cardbridge-service" "$opt/cli/cardbridge" "$opt/appsettings.json.default" "$opt/appsettings.Simulation.json" \
  "$cli" "$unit" "$etc/appsettings.json" "$data" "$logs"
check "the programs are $host_rid ELF executables" elf_machine_is "$host_machine" "$opt/cardbridge-service"
legacy_library() {
  local ini=$root/etc/opt/cardbridge/cardbridge-legacy.ini
  present "$opt/legacy/libSSCardDriver.so" "$opt/legacy/cardbridge-legacy.ini.default" "$ini" && mode_is 644 "$ini" &&
    nm -D --defined-only "$opt/legacy/libSSCardDriver.so" | grep " T iReadCardBas$" >/dev/null
}
if [[ $host_rid == linux-x64 ]]; then
  check "legacy library in /opt/cardbridge/legacy, its ini in /etc/opt/cardbridge (644)" legacy_library
fi
check "no staging leftovers next to /opt/cardbridge" absent "$opt.new" "$opt.old"
config_link() {
  [[ $(readlink "$opt/appsettings.json") == ../../etc/cardbridge/appsettings.json &&
    $(readlink -f "$opt/appsettings.json") == $(readlink -f "$etc/appsettings.json") ]]
}
check "/opt/cardbridge/appsettings.json is a relative link to /etc/cardbridge/appsettings.json" config_link
cli_link() {
  [[ $(readlink -f "$cli") == $(readlink -f "$opt/cli/cardbridge") && -x $cli ]]
}
check "usr/local/bin/cardbridge resolves to the installed CLI" cli_link
permissions() {
  mode_is 750 "$etc" && mode_is 640 "$etc/appsettings.json" && mode_is 750 "$data" && mode_is 750 "$logs" &&
    mode_is 644 "$unit" && mode_is 755 "$opt/cardbridge-service" && mode_is 755 "$opt/cli/cardbridge"
}
check "permissions: etc 750, config 640, data 750, logs 750, unit 644, service 755" permissions
none_found() { # find arguments…: passes when find lists nothing
  local found
  found=$(find "$@")
  [[ -z $found ]] || { echo "$found"; return 1; }
}
check "nothing under /opt/cardbridge is group- or world-writable" none_found "$opt" -perm /022 ! -type l
config_value() { # key: its string value in the installed configuration
  grep -oE "\"$1\": \"[^\"]*\"" "$etc/appsettings.json" | cut -d'"' -f4
}
first_config() {
  local key
  for key in PseudonymKey EncryptionKey IntegrityKey; do
    [[ $(config_value "$key" | base64 -d 2>/dev/null | wc -c) -eq 32 ]] || { echo "$key is not 32 random bytes in base64"; return 1; }
  done
  [[ $(config_value EncryptionKey) != "$(config_value IntegrityKey)" ]] || { echo "the journal keys are the same"; return 1; }
  # Journal:Path and Audit:Path are both "Path": the two values, in file order.
  [[ $(config_value Path | tr '\n' ' ') == "/var/lib/cardbridge/journal/journal.db /var/log/cardbridge/audit-.jsonl " ]] ||
    { echo "Journal:Path, Audit:Path are $(config_value Path | tr '\n' ' ')"; return 1; }
  [[ $(config_value FilePath) == /var/log/cardbridge/cardbridge-.json ]] || { echo "Logs:FilePath is $(config_value FilePath)"; return 1; }
}
check "first configuration: own keys (two different journal keys), absolute journal and log paths" first_config

echo "== systemd-analyze"
# verify checks that ExecStart's program exists on this machine's /opt, which a staged root is not. --root would
# also look for systemd's own units (sysinit.target, …) under the prefix, which a staged root does not have. So
# the installed unit is verified unchanged except for /opt/cardbridge/ pointing into the prefix. verify exits 0
# even on unknown keys or bad values (it only warns), so any message at all counts as a failure.
mkdir -p "$work/verify"
sed "s|/opt/cardbridge/|$opt/|g" "$unit" >"$work/verify/cardbridge.service"
verify_unit() {
  local output
  output=$(cd "$work" && systemd-analyze verify "$work/verify/cardbridge.service" 2>&1) || { echo "$output"; return 1; }
  [[ -z $output ]] || { echo "$output"; return 1; }
}
check "systemd-analyze verify accepts the installed unit, without a warning" verify_unit
exposure() {
  (cd "$work" && systemd-analyze security --offline=true --threshold=20 "$work/verify/cardbridge.service" | tail -1)
}
check "systemd-analyze security: exposure at most 2.0" exposure
unit_settings() {
  local re
  for re in '^Type=notify$' '^ProtectSystem=strict$' '^NoNewPrivileges=true$' '^Restart=on-failure$' '^After=.*pcscd\.socket' \
    '^User=cardbridge$' '^ExecStart=/opt/cardbridge/cardbridge-service$'; do
    contains "$unit" "$re" || return 1
  done
}
check "the unit: Type=notify, ProtectSystem=strict, NoNewPrivileges, restart on failure, after pcscd.socket" unit_settings

echo "== the installed service (simulator) and CLI"
out=$work/service.out
: >"$out"
(cd "$data" && exec "$opt/cardbridge-service" --simulate --Listeners:LoopbackPort=0 --Listeners:Web:Port=-1 --Logs:Console=true \
  "--Logs:FilePath=$logs/cardbridge-.json" "--Audit:Path=$logs/audit-.jsonl" "--Simulation:StateDirectory=$data/simulation") >"$out" 2>&1 &
service_pid=$!
# Port 0: the service takes a free loopback port and names it when it listens; tail stops when the service exits.
port=$(grep -m1 -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' < <(timeout 60 tail --pid="$service_pid" -n +1 -F "$out" 2>/dev/null) | grep -oE '[0-9]+$' || true)
listening() {
  [[ -n $port ]] || { cat "$out"; return 1; }
}
check "the installed cardbridge-service starts and listens on loopback" listening
health() {
  local answer
  answer=$("$cli" health --endpoint "http://127.0.0.1:$port" --timeout 20s) || { echo "$answer"; return 1; }
  [[ $answer == SERVING ]] || { echo "$answer"; return 1; }
}
check "the installed CLI: cardbridge health --endpoint answers SERVING" health
stop_service() {
  kill -TERM "$service_pid"
  timeout 20 tail --pid="$service_pid" -f /dev/null || { echo "still running 20 s after SIGTERM"; return 1; }
  local status=0
  wait "$service_pid" || status=$?
  service_pid=""
  ((status == 0)) || { echo "exit code $status"; cat "$out"; return 1; }
}
check "SIGTERM stops the service cleanly (exit 0)" stop_service
check "the service wrote its journal under var/lib and its log under var/log" \
  present "$data/simulation/journal.db" "$logs/cardbridge-$(date -u +%Y%m%d).json"

echo "== re-install over a changed configuration"
sed -i 's/"MinimumLevel": "Information"/"MinimumLevel": "Warning"/' "$etc/appsettings.json"
cp "$etc/appsettings.json" "$work/changed.json"
touch "$opt/left-by-an-older-version"
reinstall() {
  local output
  output=$(installer/linux/install.sh --prefix "$root" --from "$work/$host_rid" 2>&1) || { echo "$output"; return 1; }
  grep -q "kept the existing configuration" <<<"$output" || { echo "$output"; return 1; }
}
check "install.sh again (upgrade)" reinstall
check "the upgrade kept the changed configuration byte for byte" cmp "$work/changed.json" "$etc/appsettings.json"
check "the upgrade kept the journal" present "$data/simulation/journal.db"
check "the upgrade replaced the binaries (no file of the old version left)" absent "$opt/left-by-an-older-version"
check "the upgraded binaries are in place" present "$opt/cardbridge-service" "$opt/cli/cardbridge" "$cli"

echo "== uninstall"
check "uninstall.sh --prefix" installer/linux/uninstall.sh --prefix "$root"
check "uninstall removed the binaries, the unit and the CLI link" absent "$opt" "$unit" "$cli"
kept() {
  cmp "$work/changed.json" "$etc/appsettings.json" && present "$data/simulation/journal.db" "$logs"
}
check "uninstall kept the configuration, the journal and the logs" kept
check "uninstall.sh --prefix --purge" installer/linux/uninstall.sh --prefix "$root" --purge
check "--purge removed everything of CardBridge" none_found "$root" -name '*cardbridge*'

echo "== scripts"
scripts=(installer/publish.sh installer/test.sh installer/linux/install.sh installer/linux/uninstall.sh)
if command -v shellcheck >/dev/null; then
  check "shellcheck: the installer scripts" shellcheck "${scripts[@]}"
else
  echo "SKIP  shellcheck not installed (apt-get install shellcheck)"
fi
# PowerShell 7 as a .NET tool (the SDK is here anyway): installer/windows/test.ps1 parses the Windows scripts and runs
# them under recording fakes.
pwsh=$(command -v pwsh || echo "$HOME/.dotnet/tools/pwsh")
if [[ ! -x $pwsh ]]; then
  echo "installing: PowerShell 7.6.10 (dotnet tool install --global PowerShell)"
  dotnet tool install --global PowerShell --version 7.6.10 >/dev/null || echo "could not install PowerShell: the check below fails"
fi
# -File, never -Command with the scripts as arguments: pwsh would append them to the command and run them.
check "every installer/windows/*.ps1 parses; install.ps1 and uninstall.ps1 run under pwsh with recording fakes" \
  "$pwsh" -NoProfile -NonInteractive -File installer/windows/test.ps1

summary
