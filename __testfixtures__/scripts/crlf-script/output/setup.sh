#!/bin/sh
set -e
apt-get update
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
apt-get install -y --no-install-recommends locales tzdata python3-pip
pip3 install --break-system-packages pyyaml==6.0.2
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
