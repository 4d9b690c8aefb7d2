FROM python:3.12-slim
RUN <<EOF bash
set -euo pipefail
pip install --no-cache-dir flask==3.0.3
rm -rf /root/.cache/pip
EOF
RUN bash -e <<'SH'
apt-get update
apt-get install -y --no-install-recommends libpq5
rm -rf /var/lib/apt/lists/*
SH
