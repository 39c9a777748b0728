#!/usr/bin/env bash
# Installs or upgrades CardBridge on Linux (docs/operations/installing.md):
#   sudo installer/linux/install.sh                     publish from this checkout and install to /
#   installer/linux/install.sh --prefix /tmp/root       a staged root (no system user, no systemctl)
#   sudo installer/linux/install.sh --from DIR          install binaries published by installer/publish.sh
# Layout under the prefix: opt/cardbridge (binaries, root-owned), opt/cardbridge/cli (the CLI, linked from
# usr/local/bin/cardbridge), opt/cardbridge/legacy (the legacy library libSSCardDriver.so, docs/guides/legacy-his.md),
# etc/cardbridge (configuration, never overwritten), etc/opt/cardbridge/cardbridge-legacy.ini (the legacy library's,
# never overwritten; readable by every user's program, so not in etc/cardbridge), var/lib/cardbridge (journal),
# var/log/cardbridge (logs), etc/systemd/system/cardbridge.service. Running it again upgrades the binaries and
# the unit and keeps the configuration and the data.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
prefix=""
from=""
rid=""
start=auto

usage() {
  cat >&2 <<EOF
usage: $0 [--prefix DIR] [--from DIR] [--rid linux-x64|linux-arm64] [--no-start]
  --prefix DIR  install under DIR instead of / (a staged or temporary root): no system user is created and
                systemd is not touched
  --from DIR    install binaries already published (DIR/service, DIR/cli, see installer/publish.sh)
                instead of publishing this checkout
  --rid RID     runtime to publish for (default: this machine's)
  --no-start    on /, enable the unit but do not (re)start it
EOF
  exit 2
}

while (($#)); do
  case "$1" in
    --prefix) prefix=${2:?}; shift 2 ;;
    --from) from=${2:?}; shift 2 ;;
    --rid) rid=${2:?}; shift 2 ;;
    --no-start) start=no; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

# An empty prefix is /; a prefix is made absolute, since the paths below are built on it.
if [[ -n $prefix ]]; then
  mkdir -p "$prefix"
  prefix=$(cd "$prefix" && pwd)
  [[ $prefix == / ]] && prefix=""
fi
system=$([[ -z $prefix ]] && echo yes || echo no)
if [[ $system == yes && $(id -u) -ne 0 ]]; then
  echo "installing to / needs root (sudo $0 …), or give --prefix DIR" >&2
  exit 2
fi

user=cardbridge
opt=$prefix/opt/cardbridge
etc=$prefix/etc/cardbridge
data=$prefix/var/lib/cardbridge
logs=$prefix/var/log/cardbridge
unit=$prefix/etc/systemd/system/cardbridge.service
bin=$prefix/usr/local/bin

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -z $from ]]; then
  if [[ -z $rid ]]; then
    case $(uname -m) in
      x86_64) rid=linux-x64 ;;
      aarch64) rid=linux-arm64 ;;
      *) echo "no .NET runtime for $(uname -m): give --rid or --from" >&2; exit 2 ;;
    esac
  fi
  "$repo/installer/publish.sh" --rid "$rid" --out "$work/publish"
  from=$work/publish
fi
for program in service/cardbridge-service cli/cardbridge; do
  [[ -x $from/$program ]] || { echo "$from/$program is missing or not executable: is $from the output of installer/publish.sh?" >&2; exit 2; }
done
[[ -f $from/service/appsettings.json ]] || { echo "$from/service/appsettings.json is missing" >&2; exit 2; }

systemd_running=no
[[ $system == yes && -d /run/systemd/system ]] && systemd_running=yes

# The service's user. Only on a real root: a staged root has no user database of its own to add it to.
if [[ $system == yes ]]; then
  if ! getent passwd "$user" >/dev/null; then
    useradd --system --user-group --no-create-home --home-dir /var/lib/cardbridge --shell /usr/sbin/nologin \
      --comment "CardBridge service" "$user"
    echo "created system user $user"
  fi
  if ! getent group "$user" >/dev/null; then
    groupadd --system "$user"
  fi
  owner=$user
else
  echo "prefix install: no system user created (the service's directories belong to $(id -un) here)"
  owner=""
fi

was_active=no
if [[ $systemd_running == yes ]] && systemctl is-active --quiet cardbridge.service; then
  was_active=yes
  echo "stopping cardbridge.service for the upgrade"
  systemctl stop cardbridge.service
fi

# Binaries: assembled next to the old ones, then swapped in, so no file of an older version survives an upgrade
# and a failed copy leaves the installed version as it was.
mkdir -p "$prefix/opt"
staging=$opt.new
rm -rf "$staging" "$opt.old"
mkdir -p "$staging"
cp -R "$from/service/." "$staging/"
mkdir -p "$staging/cli"
cp -R "$from/cli/." "$staging/cli/"
# The shipped configuration stays as a reference; the one the service reads is /etc/cardbridge/appsettings.json,
# reached through a relative link (so it also resolves inside a staged root).
mv "$staging/appsettings.json" "$staging/appsettings.json.default"
ln -s ../../etc/cardbridge/appsettings.json "$staging/appsettings.json"
if [[ -f $repo/docs/operations/installing.md ]]; then
  mkdir -p "$staging/docs"
  cp "$repo/docs/operations/installing.md" "$staging/docs/installing.md"
fi
chmod -R u=rwX,go=rX "$staging"
chmod 0755 "$staging/cardbridge-service" "$staging/cli/cardbridge"
if [[ -n $owner ]]; then
  chown -R -h root:root "$staging"
fi
if [[ -d $opt ]]; then
  mv "$opt" "$opt.old"
fi
mv "$staging" "$opt"
rm -rf "$opt.old"

mkdir -p "$bin"
ln -sfn ../../../opt/cardbridge/cli/cardbridge "$bin/cardbridge"

# Configuration: written once, from the shipped defaults with this machine's own keys and absolute paths.
mkdir -p "$etc"
chmod 0750 "$etc"
if [[ -n $owner ]]; then chown "root:$owner" "$etc"; fi
config=$etc/appsettings.json
upgrade=no
if [[ -e $config ]]; then
  upgrade=yes
  echo "kept the existing configuration $config"
else
  key() { head -c 32 /dev/urandom | base64 -w0; }
  # The journal keys encrypt and chain the offline journal: losing them makes the journal unreadable.
  sed -e "s|\"PseudonymKey\": \"\"|\"PseudonymKey\": \"$(key)\"|" \
      -e "s|\"EncryptionKey\": \"\"|\"EncryptionKey\": \"$(key)\"|" \
      -e "s|\"IntegrityKey\": \"\"|\"IntegrityKey\": \"$(key)\"|" \
      -e 's|"journal/journal.db"|"/var/lib/cardbridge/journal/journal.db"|' \
      -e 's|"logs/audit-.jsonl"|"/var/log/cardbridge/audit-.jsonl"|' \
      -e 's|"logs/cardbridge-.json"|"/var/log/cardbridge/cardbridge-.json"|' \
      -e 's|"Console": true|"Console": false|' \
      "$opt/appsettings.json.default" >"$work/appsettings.json"
  install -m 0640 "$work/appsettings.json" "$config"
  if [[ -n $owner ]]; then chown "root:$owner" "$config"; fi
  echo "wrote $config with new pseudonym and journal keys (back them up: the journal cannot be read without them)"
fi

# The legacy library's ini: read by whichever user's program loads the library, so readable by all (it names the
# endpoint and readers; an API key put there is readable by every local user, as the loopback listener is usable by them).
legacy_ini=$prefix/etc/opt/cardbridge/cardbridge-legacy.ini
if [[ -f $opt/legacy/cardbridge-legacy.ini ]]; then
  mv "$opt/legacy/cardbridge-legacy.ini" "$opt/legacy/cardbridge-legacy.ini.default"
  if [[ -e $legacy_ini ]]; then
    echo "kept the existing $legacy_ini"
  else
    mkdir -p "$(dirname "$legacy_ini")"
    install -m 0644 "$opt/legacy/cardbridge-legacy.ini.default" "$legacy_ini"
  fi
fi

for dir in "$data" "$logs"; do
  mkdir -p "$dir"
  chmod 0750 "$dir"
  if [[ -n $owner ]]; then chown "$owner:$owner" "$dir"; fi
done

mkdir -p "$(dirname "$unit")"
install -m 0644 "$here/cardbridge.service" "$unit"

echo "installed CardBridge to ${prefix:-/}: $opt, configuration $etc, data $data, logs $logs, unit $unit"
# Not grep -q: it would close the pipe early, and pipefail would then count ldconfig's SIGPIPE as "not found".
if [[ $system == yes ]] && ! ldconfig -p 2>/dev/null | grep libpcsclite.so >/dev/null; then
  echo "note: libpcsclite is not installed; the service needs it and pcscd to reach card readers (apt-get install pcscd libpcsclite1)"
fi

if [[ $systemd_running == no ]]; then
  if [[ $system == yes ]]; then
    echo "systemd is not running here: the unit is installed but not enabled or started"
  fi
  exit 0
fi
systemctl daemon-reload
systemctl enable cardbridge.service
if [[ $start == no ]]; then
  echo "enabled cardbridge.service; start it with: systemctl start cardbridge"
elif [[ $upgrade == yes || $was_active == yes ]]; then
  systemctl restart cardbridge.service
  echo "cardbridge.service restarted; check it with: systemctl status cardbridge; cardbridge health"
else
  # A first install cannot serve yet: Centre:ServiceUri, the operator and the terminal id are the site's.
  echo "enabled cardbridge.service. Complete $config (Centre, Settlement:TerminalId, Readers, Security:Clients),"
  echo "then: systemctl start cardbridge && cardbridge health"
fi
