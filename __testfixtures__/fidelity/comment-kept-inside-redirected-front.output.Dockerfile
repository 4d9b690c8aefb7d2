FROM debian AS base
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    # install the runtime
    apt-get update -y \
    && rm -rf $HOME/.cache/pip/*
RUN  \
    --mount=type=cache,dst=/root/.cache,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    # install the runtime
    env DEBIAN_FRONTEND=noninteractive apt update
COPY a b
