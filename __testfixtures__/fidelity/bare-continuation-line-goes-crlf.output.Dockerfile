FROM debian:12
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \

    apt-get install -yq jq; \
    cd /tmp
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    echo hi; \

    apt-get install -yq curl; \
    cd /tmp
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    # keep this comment
    apt-get install -yq git
