# Runs Windows x64 programs under Debian's wine64 — sourced by the Windows-test scripts (tests/windows/run.sh):
#   . tests/windows/wine.sh
#   wine_start               a fresh temporary WINEPREFIX for this run (the first start builds it: ~10–30 s)
#   wine_run SECONDS PROG.exe ARGS…   runs the program in the foreground, killed after SECONDS
#   wine_stop                ends this prefix's wineserver (and so its programs) and deletes the prefix
# Settings every run needs (DESIGN §7):
#   DOTNET_EnableWriteXorExecute=0  the .NET runtime dies under wine without it ("Internal CLR error 0x80131506")
#   WINEDLLOVERRIDES winscard=n     a winscard.dll beside the program wins over wine's own (a stub); mshtml off:
#                                   no wine-gecko prompt (mscoree stays: wine's loader needs it for .NET images)
#   WINEDEBUG=-all                  wine's own diagnostics off (set WINEDEBUG yourself to see them)
# Only the wineserver of the prefix made here is ever stopped.
wine64_program=/usr/lib/wine/wine64
wineserver_program=/usr/lib/wine/wineserver

wine_start() {
  [[ -x $wine64_program ]] || { echo "wine64 not found at $wine64_program: install the Debian package wine64" >&2; return 2; }
  WINEPREFIX=$(mktemp -d "${TMPDIR:-/tmp}/cardbridge-wine.XXXXXX")
  export WINEPREFIX WINEARCH=win64 DOTNET_EnableWriteXorExecute=0
  export WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mshtml=;winscard=n"
  # Building the prefix is the slow part of the first start; doing it here keeps it out of the first test's time.
  timeout 180 "$wine64_program" cmd /c exit >/dev/null 2>&1 || { echo "wine64 could not build its prefix in 180 s" >&2; return 1; }
}

wine_run() {
  local seconds=$1
  shift
  timeout --kill-after=10 "$seconds" "$wine64_program" "$@"
}

wine_stop() {
  if [[ -n ${WINEPREFIX:-} && -d $WINEPREFIX ]]; then
    timeout 30 "$wineserver_program" -k 2>/dev/null || true
    timeout 30 "$wineserver_program" -w 2>/dev/null || true
    rm -rf "$WINEPREFIX"
  fi
}
