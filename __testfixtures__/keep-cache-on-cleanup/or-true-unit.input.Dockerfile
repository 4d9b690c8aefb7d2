FROM debian:bookworm
RUN apt-get update; \
    apt-get install -y curl; \
    apt-get clean || true; \
    rm -rf /var/lib/apt/lists/* || true; \
    curl --version
RUN apt-get clean || true; apt-get update && apt-get install -y git
