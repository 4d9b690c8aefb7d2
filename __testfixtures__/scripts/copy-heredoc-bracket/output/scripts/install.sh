#!/bin/sh
set -e
apt-get install -y --no-install-recommends curl
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
