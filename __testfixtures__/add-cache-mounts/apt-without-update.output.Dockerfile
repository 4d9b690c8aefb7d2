FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get upgrade -y
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get -q dist-upgrade
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get build-dep -y python3
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt install -y vim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get -o Acquire::Retries=3 install -y git
