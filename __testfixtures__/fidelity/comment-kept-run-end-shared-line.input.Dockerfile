FROM debian:bookworm-slim
RUN --mount=type=cache,target=/root/.cache/pip set -eux && \
    apt-get update && \
    [ -x /usr/bin/apt-get ] && apt-get clean && \
    # see https://example.org/docs#deps
    pip cache purge
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip set -eux && \
    [ -x /usr/bin/apt-get ] && apt-get clean && \  
    # see docs

    pip cache purge || true
RUN --mount=type=cache,target=/root/.cache/pip apt-get update; apt-get clean; \
    # comment
    pip cache purge; \
    # two
    rm -rf /var/lib/apt/lists/* ; 
