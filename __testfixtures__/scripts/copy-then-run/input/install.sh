#!/bin/bash
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends python3 python3-pip ca-certificates
pip3 install --no-cache-dir --break-system-packages requests==2.32.3

# Trim the image
apt-get clean
rm -rf /var/lib/apt/lists/*
