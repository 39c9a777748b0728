#!/usr/bin/env bash
# Publishes the service (cardbridge-service) and the operator CLI (cardbridge) self-contained for one runtime:
#   installer/publish.sh --rid linux-x64|linux-arm64|win-x64 --out DIR
# DIR/service/legacy holds the legacy library (docs/guides/legacy-his.md) built by src/CardBridge.Legacy/build.sh:
# libSSCardDriver.so for linux-x64, x64/ and x86/SSCardDriver.dll for win-x64, and the ini to go with it.
# DIR/service and DIR/cli are what `install.sh --from DIR` (Linux) and `install.ps1 -From DIR` (Windows) take.
# The two programs are published apart: each carries its own runtime and dependency set, so neither can
# replace a library the other was built against.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
rid=""
out=""
configuration=Release

usage() {
  echo "usage: $0 --rid RID --out DIR [--configuration Release|Debug]" >&2
  exit 2
}

while (($#)); do
  case "$1" in
    --rid) rid=${2:?}; shift 2 ;;
    --out) out=${2:?}; shift 2 ;;
    --configuration) configuration=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
[[ -n $rid && -n $out ]] || usage
command -v dotnet >/dev/null || { echo "dotnet (the .NET 10 SDK) is needed to publish; or install already published binaries with --from" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
publish() { # project, output subdirectory
  rm -rf "${out:?}/$2"
  dotnet publish "$repo/$1" -c "$configuration" -r "$rid" --self-contained true -o "$out/$2" \
    -p:PublishDocumentationFiles=false -nologo -v q
}
publish src/CardBridge.Service/CardBridge.Service.csproj service
publish src/CardBridge.Cli/CardBridge.Cli.csproj cli
legacy=$out/service/legacy
case $rid in
  linux-x64|win-x64)
    "$repo/src/CardBridge.Legacy/build.sh"
    built=$repo/src/CardBridge.Legacy/bin
    mkdir -p "$legacy"
    cp "$repo/src/CardBridge.Legacy/cardbridge-legacy.ini" "$legacy/"
    if [[ $rid == linux-x64 ]]; then
      cp "$built/linux-x64/libSSCardDriver.so" "$legacy/"
    else
      # Both: most legacy Windows programs are 32-bit, and a program loads only a DLL of its own bitness.
      mkdir -p "$legacy/x64" "$legacy/x86"
      cp "$built/win-x64/SSCardDriver.dll" "$legacy/x64/"
      cp "$built/win-x86/SSCardDriver.dll" "$legacy/x86/"
    fi
    ;;
  *) echo "no legacy library for $rid (src/CardBridge.Legacy/build.sh builds linux-x64, win-x64 and win-x86)" ;;
esac
echo "published $rid to $out (service/, cli/)"
