FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    bash -c "apt-get install -y --no-install-recommends git"
