#!/bin/bash
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends libpq5
if [ "${1:-}" = "--dev" ]; then
  apt-get install -y --no-install-recommends libpq-dev gcc
  pip install --no-cache-dir pytest==8.3.3
fi
rm -rf /var/lib/apt/lists/*
