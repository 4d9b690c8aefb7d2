FROM debian:bookworm-slim
RUN apt-get clean || true; \

    apt-get clean && \
    # clean up
    apt-get update; \
    export DEBIAN_FRONTEND=noninteractive
RUN apt-get clean || true; \
    # first
    apt-get clean && \

    apt-get install -y curl
RUN apt-get clean; \

    apt-get clean && \

    apt-get install -y git
