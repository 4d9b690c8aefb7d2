FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt <<EOF bash
set -eux
apt-get install -y curl
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
  --mount=type=cache,target=/root/.cache/pip \
  # clean up
  pip3.12 install requests && \
  apt-get install -y curl
