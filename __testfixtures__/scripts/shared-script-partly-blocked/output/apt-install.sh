#!/bin/bash
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends "$@"
apt-get clean
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
