#!/bin/bash
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends python3 python3-pip ca-certificates
pip3 install --break-system-packages requests==2.32.3

# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
