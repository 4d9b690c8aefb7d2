FROM debian:bookworm-slim
RUN  \
        --network=host \
        apt-get dist-clean || : && \

        apt-get upgrade -y; \
        [ -x /usr/bin/apt-get ] && apt-get clean && \
        # see docs
        apt-get clean; \
        rm -rf /tmp/build && \
        sudo -E apt update && apt-get install -y curl
RUN \
  apt-get clean && \

  apt-get update && apt-get install -y git
