#!/usr/bin/env bash
set -euxo pipefail

apt-get update -qq
apt-get install -y -qq --no-install-recommends git python3-pip python3-venv
python3 -m venv /opt/venv
/opt/venv/bin/pip install --no-cache-dir -r /ci/requirements.txt
rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb
