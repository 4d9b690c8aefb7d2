FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && \
    rm -rf /var/lib/apt/lists/* /tmp/x
RUN apt-get update && apt-get install -y git && \
    rm -rf /tmp/a /var/cache/apt/* /var/lib/apt/lists/* /tmp/b
