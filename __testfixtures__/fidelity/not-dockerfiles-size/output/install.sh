#!/bin/sh
# This script is longer than the 200-byte limit of this case, so it is not read.
set -e
apt-get update
apt-get install -y --no-install-recommends libpq5 ca-certificates
apt-get clean
rm -rf /var/lib/apt/lists/*
