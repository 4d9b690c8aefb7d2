FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && apt-get clean
RUN apt-get update && \
    apt-get install -y git && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/*
