#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends build-essential libpq-dev
# the apt cache is a BuildKit cache mount in docker/Dockerfile; no cleanup needed (cachemount)
./python-deps.sh
