#!/usr/bin/env bash
set -euo pipefail
/opt/venv/bin/python -m pip install ruff==0.6.9
/opt/venv/bin/ruff check /src
