#!/bin/bash
shopt -s extglob
pip install flask==3.0.3
for f in /etc/apt/sources.list.d/!(*.sources); do
  pip cache purge
done
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
apt-get update && apt-get install -y --no-install-recommends curl
