#!/bin/bash
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends libpq5
if [ "${1:-}" = "--dev" ]; then
  apt-get install -y --no-install-recommends libpq-dev gcc
  pip install pytest==8.3.3
fi
# the apt cache is a BuildKit cache mount in Dockerfile, docker/dev.Dockerfile; no cleanup needed (cachemount)
