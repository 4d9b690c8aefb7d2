FROM debian
RUN set -ex \
    && apt-get install -y wget \
    && rm -rf /tmp/x \

    && apt-get clean > /dev/null \
    && apt-get clean -y
RUN --mount=type=cache,target=/var/cache/apt set -eux && \
    # install the runtime
    apt-get clean > /dev/null && \
    apt-get clean && \
    rm -rf /tmp/build || true
RUN --mount=type=cache,target=/var/cache/apt \
        set -eux && \
        apt-get install -y curl && \
        apt-get clean > /dev/null && \
        apt-get clean > /dev/null && \
        rm -rf /var/cache/apt/archives/*.deb && \
        echo done
