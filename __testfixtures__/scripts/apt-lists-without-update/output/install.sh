#!/bin/sh
# Relies on the package lists fetched by the RUN before it.
set -e
apt-get install -y --no-install-recommends procps
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
rm -rf /var/lib/apt/lists/*
