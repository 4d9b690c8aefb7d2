FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get install -y curl && \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*
RUN apt-get install -y git && apt-get clean && rm -rf /var/lib/apt/lists/*
