#!/usr/bin/env bash
set -euo pipefail

/opt/venv/bin/pip install --no-cache-dir --upgrade pip
/opt/venv/bin/pip install --no-cache-dir "$@"
rm -rf ~/.cache/pip
