#!/bin/bash
shopt -s extglob
pip install --no-cache-dir flask==3.0.3
for f in /etc/apt/sources.list.d/!(*.sources); do
  pip cache purge
done
apt-get update && apt-get install -y --no-install-recommends curl && apt-get clean
