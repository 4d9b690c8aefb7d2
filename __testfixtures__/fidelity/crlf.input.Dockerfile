FROM debian:bookworm
# build deps
RUN apt-get update && \
    # compilers
    apt-get install -y --no-install-recommends gcc && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/* /tmp/*
