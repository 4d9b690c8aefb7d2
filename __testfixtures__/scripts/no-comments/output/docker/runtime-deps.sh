#!/bin/bash
set -euo pipefail

apt-get update && apt-get install -y --no-install-recommends tini

if [ -d /var/lib/apt/lists ]; then
  :
fi

pip install gunicorn==23.0.0

useradd --system --no-create-home app
