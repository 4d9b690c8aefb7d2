from debian:bookworm as base
run apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    apt-get clean

from base as dev
run apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*
