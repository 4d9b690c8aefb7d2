#!/bin/bash
set -eux
apt-get update
apt-get install -y --no-install-recommends build-essential
mkdir -p /tmp/build
pip wheel --wheel-dir /tmp/build numpy==2.1.2
pip install /tmp/build/*.whl
apt-get purge -y --auto-remove build-essential
# apt and pip caches are BuildKit cache mounts in Dockerfile; no cleanup needed (cachemount)
rm -rf /tmp/build
