FROM debian:bookworm-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    set -eux && \
    apt-get update && \
    [ -x /usr/bin/apt-get ]
    # see https://example.org/docs#deps
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip set -eux && \
    [ -x /usr/bin/apt-get ] && apt-get clean \  
    # see docs

    || true
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update
    # comment
    # two
