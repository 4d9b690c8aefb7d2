FROM debian:bookworm
RUN apt-get update && \

    # compilers
    apt-get install -y --no-install-recommends gcc && \
    rm -rf /var/lib/apt/lists/* && \
    # keep a marker for the healthcheck
    touch /opt/ready
RUN \
    apt-get update && \
    apt-get install -y --no-install-recommends make && \
    apt-get clean
