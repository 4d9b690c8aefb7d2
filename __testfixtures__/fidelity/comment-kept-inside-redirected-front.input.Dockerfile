FROM debian AS base
RUN apt clean || true \
    # install the runtime
    && apt-get clean > /dev/null \
    && apt-get update -y \
    && rm -rf $HOME/.cache/pip/*
RUN  \
    --mount=type=cache,dst=/root/.cache,sharing=locked \
    rm -rf -- /var/lib/apt/lists/* && \
    # install the runtime
    apt-get clean > /dev/null && \
    env DEBIAN_FRONTEND=noninteractive apt update
COPY a b
