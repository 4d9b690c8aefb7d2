FROM ubuntu:24.04
RUN set -o errexit; \
    apt-get -o Acquire::Retries=3 update; \
    echo "done" > /etc/motd && \

    rm -rf -- /var/lib/apt/lists/* || true
