#!/bin/sh
# A local copy of the upstream installer, for reading; the image fetches its own.
set -e
apt-get update
apt-get install -y --no-install-recommends curl
apt-get clean
rm -rf /var/lib/apt/lists/*
