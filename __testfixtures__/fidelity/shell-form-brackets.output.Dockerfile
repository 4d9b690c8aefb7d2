FROM debian:bookworm
ARG WITH_CURL=yes
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    [ "$WITH_CURL" = yes ] && apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    [[ -f /etc/debian_version ]] && apt-get update && apt-get install -y git
