FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    <<EOF bash
set -euo pipefail
pip install flask==3.0.3
# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    bash -e <<'SH'
apt-get update
apt-get install -y --no-install-recommends libpq5
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
SH
