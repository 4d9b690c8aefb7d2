#!/bin/bash
set -euo pipefail

# Installs the build dependencies
# remove caches to keep the image small
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
apt-get update
apt-get install -y curl
