#!/usr/bin/env bash
# Removes CardBridge installed by install.sh (docs/operations/installing.md):
#   sudo installer/linux/uninstall.sh               stop and remove the service and its binaries; keep
#                                                   /etc/cardbridge, /var/lib/cardbridge (the journal) and the logs
#   sudo installer/linux/uninstall.sh --purge       also remove configuration, journal, logs and the system user
#   installer/linux/uninstall.sh --prefix DIR       the same for an install under a staged root
set -euo pipefail

prefix=""
purge=no

usage() {
  echo "usage: $0 [--prefix DIR] [--purge]" >&2
  exit 2
}

while (($#)); do
  case "$1" in
    --prefix) prefix=${2:?}; shift 2 ;;
    --purge) purge=yes; shift ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done

if [[ -n $prefix ]]; then
  [[ -d $prefix ]] || { echo "no such directory: $prefix" >&2; exit 2; }
  prefix=$(cd "$prefix" && pwd)
  [[ $prefix == / ]] && prefix=""
fi
system=$([[ -z $prefix ]] && echo yes || echo no)
if [[ $system == yes && $(id -u) -ne 0 ]]; then
  echo "uninstalling from / needs root (sudo $0 …), or give --prefix DIR" >&2
  exit 2
fi

user=cardbridge
unit=$prefix/etc/systemd/system/cardbridge.service

if [[ $system == yes && -d /run/systemd/system ]]; then
  if systemctl is-active --quiet cardbridge.service; then
    systemctl stop cardbridge.service
  fi
  if systemctl is-enabled --quiet cardbridge.service 2>/dev/null; then
    systemctl disable cardbridge.service
  fi
fi

rm -f "$unit"
# Drop-ins made with `systemctl edit` belong to this unit alone.
rm -rf "$unit.d"
if [[ $system == yes && -d /run/systemd/system ]]; then
  systemctl daemon-reload
fi
link=$prefix/usr/local/bin/cardbridge
if [[ -L $link ]]; then
  rm -f "$link"
fi
rm -rf "$prefix/opt/cardbridge" "$prefix/opt/cardbridge.new" "$prefix/opt/cardbridge.old"
echo "removed the CardBridge service and binaries from ${prefix:-/}"

if [[ $purge == no ]]; then
  echo "kept $prefix/etc/cardbridge (configuration and keys), $prefix/etc/opt/cardbridge (the legacy library's ini), $prefix/var/lib/cardbridge (journal) and $prefix/var/log/cardbridge; --purge removes them"
  exit 0
fi
rm -rf "$prefix/etc/cardbridge" "$prefix/etc/opt/cardbridge" "$prefix/var/lib/cardbridge" "$prefix/var/log/cardbridge"
# systemd's DynamicUser-style private state, should an override have used it.
rm -rf "$prefix/var/lib/private/cardbridge"
if [[ $system == yes ]] && getent passwd "$user" >/dev/null; then
  userdel "$user"
  if getent group "$user" >/dev/null; then
    groupdel "$user"
  fi
fi
echo "purged the configuration, journal, logs${prefix:+ (prefix install: no system user to remove)}"
