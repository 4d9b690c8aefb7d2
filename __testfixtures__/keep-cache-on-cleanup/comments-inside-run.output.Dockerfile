FROM debian:bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    # build tools
    apt-get install -y build-essential && \
    # runtime libraries
    apt-get install -y libpq5
