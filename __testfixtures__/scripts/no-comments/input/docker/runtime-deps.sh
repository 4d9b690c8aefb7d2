#!/bin/bash
set -euo pipefail

apt-get update && apt-get install -y --no-install-recommends tini && apt-get clean

if [ -d /var/lib/apt/lists ]; then
  rm -rf /var/lib/apt/lists/*
fi

pip install --no-cache-dir gunicorn==23.0.0
# pip's cache is not needed at runtime
pip cache purge

useradd --system --no-create-home app
