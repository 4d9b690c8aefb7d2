#!/usr/bin/env bash
set -euo pipefail
SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)

python3 -m venv /opt/venv
bash "$SCRIPT_DIR/pip.sh" -r "$SCRIPT_DIR/requirements.txt"
