#!/usr/bin/env bash
# Build the CDI workbench as a one-folder PyInstaller bundle, then smoke-test it.
#
#   bash installer/build.sh        -> installer/dist/cdi-workbench/cdi-workbench
#
# Builds for the OS it runs on (PyInstaller does not cross-compile). Installs the
# `package` extra (pyproject.toml) into .venv when it is missing; sets .venv up
# with scripts/bootstrap first when there is none. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DIST=installer/dist
WORK=installer/build
APP="$DIST/cdi-workbench/cdi-workbench"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'build: FAILED: %s\n' "$*" >&2; exit 1; }

# -- 1. the tools -------------------------------------------------------------------
if [ ! -x "$PY" ]; then
  say "no .venv: scripts/bootstrap"
  scripts/bootstrap
fi
mapfile -t missing < <("$PY" - <<'EOF'
import tomllib
from importlib import metadata

from packaging.requirements import Requirement

with open("pyproject.toml", "rb") as f:
    extra = tomllib.load(f)["project"]["optional-dependencies"]["package"]
for req in map(Requirement, extra):
    try:
        ok = req.specifier.contains(metadata.version(req.name), prereleases=True)
    except metadata.PackageNotFoundError:
        ok = False
    if not ok:
        print(req)
EOF
)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing the package extra: ${missing[*]}"
  "$PY" -m pip install -q "${missing[@]}"
fi

# -- 2. the bundle ------------------------------------------------------------------
say "PyInstaller $("$PY" -m PyInstaller --version) -> $DIST/cdi-workbench"
start=$SECONDS
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" installer/workbench.spec
[ -x "$APP" ] || fail "$APP was not built"
dangling=$(find "$DIST/cdi-workbench" -xtype l)
[ -z "$dangling" ] || fail "links to files left out of the bundle: $dangling"
echo "built in $((SECONDS - start)) s; $(du -sh "$DIST/cdi-workbench" | cut -f1) on disk," \
  "$(find "$DIST/cdi-workbench" -type f | wc -l) files"

# -- 3. smoke tests -----------------------------------------------------------------
# Everything the bundle writes (settings, demo copies, crash reports) goes to a
# throw-away folder, never to the builder's own settings.
SMOKE=$(mktemp -d "${TMPDIR:-/tmp}/cdi-workbench-smoke.XXXXXX")
trap 'rm -rf "$SMOKE"' EXIT
export HOME="$SMOKE/home" XDG_CONFIG_HOME="$SMOKE/config" XDG_DATA_HOME="$SMOKE/data" \
  XDG_CACHE_HOME="$SMOKE/cache" XDG_DOCUMENTS_DIR="$SMOKE/home/Documents"
mkdir -p "$HOME/Documents" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
unset WORKBENCH_DEBUG
AUDIT="$SMOKE/x.cdiaudit"

say "cdi-workbench --version"
version=$("$APP" --version) || fail "--version exited $?"
echo "$version"
expected=$("$PY" -c 'import workbench; print(workbench.__version__)')
[ "$version" = "workbench $expected" ] || fail "--version printed '$version', expected 'workbench $expected'"

say "cdi-workbench forms list"
forms=$("$APP" forms list) || fail "forms list exited $?"
echo "$forms"
want=$(find forms -maxdepth 1 -name '*.toml' | wc -l)
for file in forms/*.toml; do
  id=$(basename "$file" .toml)
  grep -q "^$id " <<<"$forms" || fail "forms list does not list $id"
done
got=$(grep -c . <<<"$forms")
[ "$got" -eq "$want" ] || fail "forms list gave $got checklists, forms/ holds $want"

say "cdi-workbench demo $AUDIT"
demo=$("$APP" demo "$AUDIT") || fail "demo exited $?"
echo "$demo"
grep -q '^verify: OK' <<<"$demo" || fail "demo did not print 'verify: OK'"

say "cdi-workbench export $AUDIT --xlsx x.xlsx --pdf x.pdf --as Smoke"
rm -f "$SMOKE/x.xlsx" "$SMOKE/x.pdf"
"$APP" export "$AUDIT" --xlsx "$SMOKE/x.xlsx" --pdf "$SMOKE/x.pdf" --as Smoke || fail "export exited $?"
[ -s "$SMOKE/x.xlsx" ] || fail "no workbook written"
[ -s "$SMOKE/x.pdf" ] || fail "no PDF written"
[ "$(head -c 2 "$SMOKE/x.xlsx")" = "PK" ] || fail "the workbook is not an xlsx (zip) file"
[ "$(head -c 5 "$SMOKE/x.pdf")" = "%PDF-" ] || fail "the PDF is not a PDF"
# read both back with the build's own libraries: the bundle wrote real documents
"$PY" - "$SMOKE/x.xlsx" <<'EOF' || fail "the workbook cannot be read back"
import sys
from openpyxl import load_workbook
sheets = load_workbook(sys.argv[1], read_only=True).sheetnames
assert "Findings" in sheets and "Answers" in sheets, sheets
print(f"workbook sheets: {', '.join(sheets)}")
EOF
if command -v pdftotext >/dev/null; then
  text=$(pdftotext "$SMOKE/x.pdf" -) || fail "pdftotext cannot read the PDF"
  grep -q "Page 1 of" <<<"$text" || fail "the PDF's text has no 'Page 1 of'"
  fonts=$(pdffonts "$SMOKE/x.pdf") || fail "pdffonts cannot read the PDF"
  grep -q DejaVu <<<"$fonts" || fail "the PDF does not embed the bundled DejaVu fonts"
  echo "PDF: $(pdfinfo "$SMOKE/x.pdf" | grep -E '^Pages:' | tr -s ' '), text and DejaVu fonts read back"
fi

say "QT_QPA_PLATFORM=offscreen timeout 8 cdi-workbench --demo"
# A known user, so the window opens on a fresh demo copy rather than asking who is working.
"$PY" - <<'EOF' || fail "could not prepare the smoke test's settings"
from workbench.core.audit import Actor, Role
from workbench.ui.common.ui_settings import UiSettings

settings = UiSettings()
settings.identity = Actor("Smoke Test", Role.AUDITOR, "Demo Constabulary")
settings.sync()
EOF
set +e
QT_QPA_PLATFORM=offscreen timeout 8 "$APP" --demo >"$SMOKE/gui.out" 2>"$SMOKE/gui.err"
rc=$?
set -e
cat "$SMOKE/gui.out" "$SMOKE/gui.err"
echo "exit status $rc (124: still running when timeout stopped it)"
[ "$rc" -eq 124 ] || fail "the window exited with $rc before the timeout"
if grep -qE 'Traceback|internal error|Error:' "$SMOKE/gui.err"; then
  fail "the window wrote an error on stderr"
fi
reports=$(find "$XDG_DATA_HOME" -path '*crash-reports*' -type f | wc -l)
[ "$reports" -eq 0 ] || fail "the window wrote $reports crash report(s)"
copies=$(find "$XDG_DATA_HOME" -name '*.cdiaudit' | wc -l)
[ "$copies" -ge 1 ] || fail "the window did not make its demo copy"
echo "window up for 8 s on a fresh demo copy; no traceback, no crash report"

say "OK: $APP ($(du -sh "$DIST/cdi-workbench" | cut -f1))"
