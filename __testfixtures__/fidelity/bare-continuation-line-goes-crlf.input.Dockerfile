FROM debian:12
RUN --mount=type=cache,target=/root/.cache/pip \
    rm -rf /root/.cache/pip; \
    pip cache purge && \

    apt-get install -yq jq; \
    cd /tmp
RUN --mount=type=cache,target=/root/.cache/pip \
    echo hi; \

    rm -rf /root/.cache/pip; \
    pip cache purge && \

    apt-get install -yq curl; \
    cd /tmp
RUN --mount=type=cache,target=/root/.cache/pip \
    rm -rf /root/.cache/pip; \
    pip cache purge && \
    # keep this comment
    apt-get install -yq git
