FROM debian
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
        set -ex \
    && apt-get install -y wget \
    && rm -rf /tmp/x
RUN --mount=type=cache,target=/var/cache/apt set -eux && \
    # install the runtime
    rm -rf /tmp/build || true
RUN --mount=type=cache,target=/var/cache/apt \
        set -eux && \
        apt-get install -y curl && \
        echo done
