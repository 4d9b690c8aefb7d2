#!/bin/bash
# Frees disk space on CI runners between jobs.
set -e
apt-get clean
rm -rf /var/lib/apt/lists/*
pip3 cache purge || true
docker system prune -af
