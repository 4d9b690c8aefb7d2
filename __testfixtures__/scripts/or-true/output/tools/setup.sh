#!/bin/bash
set -e

apt-get update
apt-get install -y --no-install-recommends libgomp1 libsndfile1
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)

# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
pip install --upgrade pip setuptools wheel || true
pip install -r /tmp/requirements.txt

# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
apt-get install -y --no-install-recommends ffmpeg || :

# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
