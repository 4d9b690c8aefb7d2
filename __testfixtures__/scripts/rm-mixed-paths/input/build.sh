#!/bin/bash
set -eux
apt-get update
apt-get install -y --no-install-recommends build-essential
mkdir -p /tmp/build
pip wheel --no-cache-dir --wheel-dir /tmp/build numpy==2.1.2
pip install --no-cache-dir /tmp/build/*.whl
apt-get purge -y --auto-remove build-essential
rm -rf /var/lib/apt/lists/* /tmp/build /root/.cache/pip
