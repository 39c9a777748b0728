#!/usr/bin/env bash
# Publishes the service (cardbridge-service) and the operator CLI (cardbridge) self-contained for one runtime:
#   installer/publish.sh --rid linux-x64|linux-arm64|win-x64 --out DIR
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
echo "published $rid to $out (service/, cli/)"
