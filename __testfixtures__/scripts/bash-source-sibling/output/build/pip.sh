#!/usr/bin/env bash
set -euo pipefail

/opt/venv/bin/pip install --upgrade pip
/opt/venv/bin/pip install "$@"
# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
