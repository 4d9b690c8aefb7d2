#!/bin/bash
set -e
apt-get update
apt-get install -y --no-install-recommends python3-pip
pip3 install --no-cache-dir supervisor
apt-get clean && rm -rf /var/lib/apt/lists/*
pip3 cache purge || true
