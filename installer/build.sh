#!/usr/bin/env bash
# Build the CDI workbench as a one-folder PyInstaller bundle, smoke-test it and pack it:
#
#   bash installer/build.sh [--no-smoke] [--no-package]
#     -> installer/dist/cdi-workbench/cdi-workbench
#        installer/dist/cdi-workbench-VERSION-linux-x86_64.tar.gz
#
# Sets .venv up with scripts/bootstrap when there is none, then runs installer/build.py
# (the same script builds on Windows) with its Python. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  echo "build: no .venv: scripts/bootstrap"
  scripts/bootstrap
fi
exec .venv/bin/python installer/build.py "$@"
