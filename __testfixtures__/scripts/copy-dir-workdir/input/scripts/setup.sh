#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends build-essential libpq-dev
rm -rf /var/lib/apt/lists/*
./python-deps.sh
