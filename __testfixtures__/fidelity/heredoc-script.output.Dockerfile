FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<EOF
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
apt-get update && apt-get install -y --no-install-recommends make
make -C /src install
EOF
CMD ["curl", "--version"]
