FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \

    # clean up
    apt-get update; \
    export DEBIAN_FRONTEND=noninteractive
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    # first

    apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \

    apt-get install -y git
