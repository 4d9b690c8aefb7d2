#!/bin/bash
set -e
apt-get update
apt-get install -y --no-install-recommends libmagic1
rm -rf /var/lib/apt/lists/*
pip install --no-cache-dir python-magic==0.4.27
