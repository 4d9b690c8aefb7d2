#!/bin/bash
set -euo pipefail

# Installs the build dependencies
# remove caches to keep the image small
rm -rf /var/lib/apt/lists/*
apt-get update
apt-get install -y curl
