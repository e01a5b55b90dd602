#!/bin/sh
# Install the CDI workbench for this user (no root): the program where this folder is
# copied to, a `cdi-workbench` command, a menu entry with its icon, and the .cdiaudit and
# .cdipkg file types. With --system (as root): for every user, under /opt and /usr/local.
#
#   ./install.sh [--system]              install (again: replaces the program, keeps all data)
#   ./install.sh --uninstall [--system]  remove the program, the command, the menu entry and
#                                        the file types; audits, keys, settings and the demo
#                                        copies are never touched
set -eu
here=$(cd "$(dirname "$0")" && pwd)
action=install scope=user
for arg in "$@"; do
  case $arg in
    --uninstall) action=uninstall ;;
    --system) scope=system ;;
    *) echo "usage: $0 [--uninstall] [--system]" >&2; exit 2 ;;
  esac
done
if [ $scope = system ]; then
  [ "$(id -u)" -eq 0 ] || { echo "install.sh --system needs root (sudo)" >&2; exit 2; }
  prefix=/opt/cdi-workbench bin=/usr/local/bin share=/usr/local/share
else
  prefix=$HOME/.local/opt/cdi-workbench bin=$HOME/.local/bin
  share=${XDG_DATA_HOME:-$HOME/.local/share}
fi
refresh() {
  command -v update-mime-database >/dev/null && update-mime-database "$share/mime" >/dev/null 2>&1 || true
  command -v update-desktop-database >/dev/null && update-desktop-database "$share/applications" >/dev/null 2>&1 || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$share/icons/hicolor" >/dev/null 2>&1 || true
}
if [ $action = uninstall ]; then
  rm -f "$bin/cdi-workbench" "$share/applications/cdi-workbench.desktop" "$share/mime/packages/cdi-workbench.xml"
  for icon in "$share"/icons/hicolor/*/apps/cdi-workbench.png "$share"/icons/hicolor/scalable/apps/cdi-workbench.svg; do
    rm -f "$icon"
  done
  rm -rf "$prefix"
  refresh
  echo "CDI workbench removed. Audits, keys, settings and demo copies were left where they are."
  exit 0
fi
[ -x "$here/cdi-workbench" ] || { echo "run install.sh from the unpacked cdi-workbench folder" >&2; exit 2; }
if [ "$here" != "$prefix" ]; then
  rm -rf "$prefix.new"
  mkdir -p "$(dirname "$prefix")"
  cp -a "$here" "$prefix.new"
  rm -rf "$prefix"
  mv "$prefix.new" "$prefix"
fi
mkdir -p "$bin" "$share/applications" "$share/mime/packages"
ln -sf "$prefix/cdi-workbench" "$bin/cdi-workbench"
sed "s|^Exec=cdi-workbench|Exec=\"$prefix/cdi-workbench\"|" "$prefix/share/applications/cdi-workbench.desktop" \
  > "$share/applications/cdi-workbench.desktop"
cp "$prefix/share/mime/packages/cdi-workbench.xml" "$share/mime/packages/cdi-workbench.xml"
for dir in "$prefix"/share/icons/hicolor/*/apps; do
  size=$(basename "$(dirname "$dir")")
  mkdir -p "$share/icons/hicolor/$size/apps"
  cp "$dir"/cdi-workbench.* "$share/icons/hicolor/$size/apps/"
done
refresh
echo "CDI workbench installed in $prefix; the command is $bin/cdi-workbench."
echo "Check it with: cdi-workbench --self-check"
