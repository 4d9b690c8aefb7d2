#!/bin/sh
# Relies on the package lists fetched by the RUN before it.
set -e
apt-get install -y --no-install-recommends procps
apt-get clean
rm -rf /var/lib/apt/lists/*
