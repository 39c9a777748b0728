# The win-x64 service under wine64 (issue 20): sourced by tests/windows/run.sh, which has published
# cardbridge-service.exe with the pass-through winscard.dll into $work/service, made the wine prefix and started
# winscard-bridge. service_smoke starts the Windows service three times and calls it from Linux on loopback with
# the Linux CLI (cardbridge) and a Python client (tests/peers/grpc_read_card.py, tests/windows/settle.py):
#   1. --simulate, centre unreachable: health, ReadCard, an offline settlement into the journal; Ctrl-C
#   2. --simulate, the simulated centre, the same state directory: the journal reopened (its record, chain intact),
#      an online settlement, the offline record uploaded; Ctrl-C
#   3. PC/SC through the pass-through to pcscd + vpcd, the PSAM in the second reader: a 3.00 card's holder; Ctrl-C
# State, journal and logs are at Windows paths (C:\cardbridge\…), so the win-x64 e_sqlite3 writes them there.
# Ctrl-C is SIGINT to the wine process: wine raises it as the console's CTRL_C_EVENT, which the .NET host takes as
# a shutdown request, as it does a Ctrl-C in a Windows console. Prints PASS/FAIL per check and the
# "Passed!  - Failed: …" line scripts/test.sh counts. Every wait is bounded; nothing sleeps a fixed time.

smoke_cli=src/CardBridge.Cli/bin/Release/net10.0/cardbridge
smoke_sim=hardware-sim/CardBridge.HardwareSim/bin/Release/net10.0/cardbridge-sim
smoke_python=/usr/bin/python3
smoke_passed=0
smoke_failed=0
service_pid=""
service_out=""
endpoint=""
vcard_pids=()

# smoke_check NAME COMMAND…: in this shell (a check may start or wait for the service), output shown on failure.
smoke_check() {
  local name=$1
  shift
  if "$@" >"$work/check.out" 2>&1; then
    smoke_passed=$((smoke_passed + 1))
    echo "  PASS $name"
  else
    smoke_failed=$((smoke_failed + 1))
    echo "  FAIL $name"
    sed 's/^/       /' "$work/check.out"
  fi
}

# json_holds FILE EXPRESSION: the JSON object in FILE (its first line) as d makes the Python expression true.
json_holds() {
  "$smoke_python" -c 'import json, sys; d = json.loads(open(sys.argv[1], encoding="utf-8").readline()); sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" ||
    { echo "expected: $2"; cat "$1"; return 1; }
}

# start_service NAME ARGUMENTS…: cardbridge-service.exe on a free loopback port, its output in $work/NAME.out.
start_service() {
  service_out=$work/$1.out
  shift
  (cd "$work/service" && exec "$wine64_program" ./cardbridge-service.exe --Listeners:LoopbackPort=0 --Listeners:Web:Port=-1 \
    '--Logs:FilePath=C:\cardbridge\logs\cardbridge-.json' '--Audit:Path=C:\cardbridge\logs\audit-.jsonl' "$@") >"$service_out" 2>&1 &
  service_pid=$!
  # Port 0: the service names the port it took once it listens (the first start under wine compiles for a while).
  local port
  port=$(grep -m1 -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' < <(timeout 180 tail --pid="$service_pid" -n +1 -F "$service_out" 2>/dev/null) | grep -oE '[0-9]+$' || true)
  [[ -n $port ]] || { echo "no 'Now listening' in 180 s"; cat "$service_out"; return 1; }
  endpoint=http://127.0.0.1:$port
}

# ctrl_c_service: Ctrl-C, then the service must end by itself with exit code 0 after logging its shutdown.
ctrl_c_service() {
  [[ -n $service_pid ]] || { echo "no service running"; return 1; }
  kill -INT "$service_pid"
  timeout 60 tail --pid="$service_pid" -f /dev/null || { echo "still running 60 s after Ctrl-C"; return 1; }
  local status=0
  wait "$service_pid" || status=$?
  service_pid=""
  ((status == 0)) || { echo "exit code $status"; tail -30 "$service_out"; return 1; }
  grep -q 'Application is shutting down' "$service_out" || { echo "no shutdown logged"; tail -30 "$service_out"; return 1; }
}

stop_service() { # after a failed check: whatever it takes
  stop_pid "$service_pid"
  service_pid=""
}

cli() { # the Linux CLI against the running service, one JSON object per result
  timeout 60 "$smoke_cli" "$@" --endpoint "$endpoint" --timeout 30s --json
}

health() {
  local answer
  answer=$(timeout 60 "$smoke_cli" health --endpoint "$endpoint" --timeout 30s) || { echo "$answer"; return 1; }
  [[ $answer == SERVING ]] || { echo "$answer"; return 1; }
}

python_read() { # reader: the Python client's ListReaders + ReadCard report in $work/read.json
  timeout 120 "$smoke_python" tests/peers/grpc_read_card.py "$PWD" "${endpoint#http://}" "$1" >"$work/read.json" || return 1
  json_holds "$work/read.json" "d['read_card']['holder_name'] == '测试甲' and d['read_card']['kind'] == 'CARD_KIND_THIRD_GENERATION' and d['read_card']['genuineness'] == 'GENUINENESS_VERIFIED' and d['read_card']['reader'] == '$1'"
}

settle() { # reader, idempotency key, expected offline flag (True/False): the Python client's Settle in $work/settle.json
  timeout 120 "$smoke_python" tests/windows/settle.py "$PWD" "${endpoint#http://}" "$1" "$2" >"$work/settle.json" || return 1
  json_holds "$work/settle.json" "d.get('offline') is $3 and d.get('total_fen') == 1250 and ('code' not in d)"
}

journal_holds() { # python expression over d = JournalService.List's answer
  cli journal list >"$work/journal.json" || { cat "$work/journal.json"; return 1; }
  json_holds "$work/journal.json" "$1"
}

chain_intact() { # records
  local answer
  answer=$(timeout 60 "$smoke_cli" journal verify --endpoint "$endpoint" --timeout 30s) || { echo "$answer"; return 1; }
  [[ $answer == "chain intact: $1 records verified" ]] || { echo "$answer"; return 1; }
}

uploaded() { # UploadNow (a background round at start may have been first), then the record is uploaded
  timeout 60 "$smoke_cli" journal upload-now --endpoint "$endpoint" --timeout 30s || return 1
  journal_holds "len(d['records']) == 1 and d['records'][0]['state'] == 'JOURNAL_RECORD_STATE_UPLOADED'"
}

card_present() { # reader: waits (bounded) until the service lists a card in it
  local _
  for _ in $(seq 120); do
    cli readers >"$work/readers.json" 2>&1 &&
      json_holds "$work/readers.json" "any(r['name'] == '$1' and r.get('cardPresent') for r in d['readers'])" >/dev/null && return 0
    sleep 0.5
  done
  echo "no card in $1 after 60 s"
  cat "$work/readers.json"
  return 1
}

random_key() { # base64 of 32 random bytes, as a deployment's keys are
  head -c 32 /dev/urandom | base64
}

in_prefix() { # Windows paths under C:\ (patterns allowed: the log files are named by the day): in the prefix's drive_c
  local path file
  for path in "$@"; do
    file=$(compgen -G "$WINEPREFIX/drive_c/$path" | head -1 || true)
    [[ -n $file && -s $file ]] || { echo "C:\\${path//\//\\} is missing or empty"; ls -R "$WINEPREFIX/drive_c/cardbridge" 2>&1; return 1; }
  done
}

service_smoke() {
  [[ -x $smoke_cli && -x $smoke_sim ]] || { echo "build the solution first (dotnet build CardBridge.sln -c Release): $smoke_cli, $smoke_sim" >&2; return 1; }
  local simulate=(--simulate '--Simulation:StateDirectory=C:\cardbridge\state'
    --Security:LocalScopes:4=settlement --Security:LocalScopes:5=journal.admin)
  local unreachable=http://127.0.0.1:9/fsi/api/rsfComIfsService/callService

  echo "cardbridge-service.exe --simulate, centre unreachable ($unreachable)"
  smoke_check "starts under wine64 and listens on loopback" start_service offline "${simulate[@]}" "--Centre:ServiceUri=$unreachable"
  smoke_check "CLI: health SERVING" health
  smoke_check "Python client: ReadCard of the 3.00 card in Simulated Reader 0 (holder, verified genuine)" python_read "Simulated Reader 0"
  smoke_check "Python client: Settle offline (journaled, card written)" settle "Simulated Reader 0" windows-offline-1 True
  smoke_check "the settlement is in the journal and on the card" json_holds "$work/settle.json" "d['journal_sequence'] >= 1 and d['card_written'] is True"
  cp "$work/settle.json" "$work/offline-settle.json"
  smoke_check "CLI: journal list shows it pending, with the card's TAC" journal_holds "len(d['records']) == 1 and d['records'][0]['state'] == 'JOURNAL_RECORD_STATE_PENDING' and d['records'][0]['kind'] == 'offline-medical-settlement' and d['records'][0]['tacPresent']"
  smoke_check "Ctrl-C: clean shutdown, exit code 0" ctrl_c_service
  stop_service

  echo "cardbridge-service.exe --simulate, the simulated centre, the same state directory (restart)"
  smoke_check "starts again and listens" start_service online "${simulate[@]}"
  local sequence
  sequence=$("$smoke_python" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("journal_sequence", 0))' "$work/offline-settle.json" 2>/dev/null || echo 0)
  smoke_check "CLI: the journal reopened with the offline record (sequence $sequence)" journal_holds "[int(r['sequence']) for r in d['records']] == [$sequence]"
  smoke_check "CLI: journal verify: chain intact" chain_intact 1
  smoke_check "Python client: Settle online" settle "Simulated Reader 0" windows-online-1 False
  smoke_check "the online settlement has the centre's id" json_holds "$work/settle.json" "d['settlement_id'] != ''"
  smoke_check "CLI: journal upload-now: the offline record is uploaded to the centre" uploaded
  smoke_check "Ctrl-C: clean shutdown, exit code 0" ctrl_c_service
  stop_service
  smoke_check "state, journal (win-x64 e_sqlite3) and logs at Windows paths" in_prefix \
    cardbridge/state/journal.db cardbridge/state/journal.keys.json 'cardbridge/logs/cardbridge-*.json' 'cardbridge/logs/audit-*.jsonl'

  echo "cardbridge-service.exe on PC/SC (WinScardNative → winscard.dll → winscard-bridge → pcscd → vpcd)"
  start_pcscd
  "$smoke_sim" vcard --profile third-gen --vpcd-port 35963 </dev/null >"$work/vcard-card.log" 2>&1 &
  vcard_pids+=($!)
  "$smoke_sim" vcard --profile psam --vpcd-port 35964 </dev/null >"$work/vcard-psam.log" 2>&1 &
  vcard_pids+=($!)
  smoke_check "starts on PC/SC with the PSAM in Virtual PCD 00 01" start_service pcsc \
    "--Readers:PsamReader=Virtual PCD 00 01" "--Security:PseudonymKey=$(random_key)" \
    '--Journal:Path=C:\cardbridge\pcsc\journal.db' "--Journal:EncryptionKey=$(random_key)" "--Journal:IntegrityKey=$(random_key)" \
    "--Centre:ServiceUri=$unreachable" --Centre:InstitutionCode=SIMH0001 --Centre:InstitutionName=Smoke \
    --Centre:OperatorCode=SIMOP001 --Centre:OperatorName=Smoke --Settlement:TerminalId=999900000001 \
    --Security:LocalScopes:0=identity.basic --Security:LocalScopes:1=identity.full
  smoke_check "CLI: the card in Virtual PCD 00 00 is seen" card_present "Virtual PCD 00 00"
  smoke_check "Python client: ReadCard through pcscd: the 3.00 card's holder, verified genuine by the PSAM" python_read "Virtual PCD 00 00"
  smoke_check "Ctrl-C: clean shutdown, exit code 0" ctrl_c_service
  stop_service
  local pid
  for pid in "${vcard_pids[@]}"; do stop_pid "$pid"; done
  vcard_pids=()
  stop_pcscd

  echo "$( ((smoke_failed)) && echo Failed || echo Passed)!  - Failed: $smoke_failed, Passed: $smoke_passed, Skipped: 0, Total: $((smoke_passed + smoke_failed)) - cardbridge-service.exe smoke (win-x64 under wine64)"
  ((smoke_failed == 0))
}
