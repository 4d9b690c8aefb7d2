#!/usr/bin/env bash
set -euxo pipefail

apt-get update -qq
apt-get install -y -qq --no-install-recommends git python3-pip python3-venv
python3 -m venv /opt/venv
/opt/venv/bin/pip install -r /ci/requirements.txt
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
