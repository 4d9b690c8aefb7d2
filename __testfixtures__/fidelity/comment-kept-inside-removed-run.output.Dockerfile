FROM debian:bookworm-slim
RUN  \
        --network=host \
        --mount=type=cache,target=/var/cache/apt,sharing=locked \
        --mount=type=cache,target=/var/lib/apt,sharing=locked \

        apt-get upgrade -y; \
        [ -x /usr/bin/apt-get ] \
        # see docs
        ; \
        rm -rf /tmp/build && \
        sudo -E apt update && apt-get install -y curl
RUN \
  --mount=type=cache,target=/var/cache/apt,sharing=locked \
  --mount=type=cache,target=/var/lib/apt,sharing=locked \

  apt-get update && apt-get install -y git
