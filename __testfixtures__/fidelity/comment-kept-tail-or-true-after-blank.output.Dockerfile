FROM ubuntu:24.04
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    set -o errexit; \
    apt-get -o Acquire::Retries=3 update; \
    echo "done" > /etc/motd \

    || true
