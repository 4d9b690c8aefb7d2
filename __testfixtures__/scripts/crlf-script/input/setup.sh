#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends locales tzdata python3-pip && apt-get clean
pip3 install --no-cache-dir --break-system-packages pyyaml==6.0.2
rm -rf /var/lib/apt/lists/*
