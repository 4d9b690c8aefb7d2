#!/bin/bash
set -e

apt-get update
apt-get install -y --no-install-recommends libgomp1 libsndfile1
apt-get clean || :

pip install --upgrade pip setuptools wheel && pip cache purge || true
pip install -r /tmp/requirements.txt; pip cache purge || true

apt-get install -y --no-install-recommends ffmpeg && \
    apt-get clean || :

# best effort: an older pip has no cache command
pip cache purge || true
