#!/bin/bash
set -e
apt-get update
apt-get install -y --no-install-recommends libmagic1
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
pip install python-magic==0.4.27
