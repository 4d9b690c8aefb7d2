FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get install -y curl && \
    rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get install -y git && rm -rf /var/lib/apt/lists/*
