FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    <<'EOF'
pip install -r /tmp/requirements.txt
# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<"EOF"
apt-get update
apt-get install -y --no-install-recommends libpq5
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF
