FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
EOF