FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    cat <<EOF > /etc/apt/apt.conf.d/80-retries && apt-get update && apt-get install -y --no-install-recommends curl
Acquire::Retries "3";
EOF
