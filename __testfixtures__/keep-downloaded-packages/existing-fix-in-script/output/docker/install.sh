#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends make
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
