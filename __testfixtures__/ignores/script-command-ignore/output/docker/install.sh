#!/usr/bin/env bash
set -euo pipefail

cleanup() {
    # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
    :
}

# cachemount ignore
purge_all() {
    apt-get clean
}

apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
# our mirror needs a fresh list every time
# cachemount ignore=keep-cache-on-cleanup
apt-get clean && \
    rm -rf /var/lib/apt/lists/*
cleanup
purge_all
