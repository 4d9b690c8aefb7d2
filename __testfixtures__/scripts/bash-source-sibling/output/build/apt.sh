#!/usr/bin/env bash
# Installs the Debian packages given as arguments.
set -euo pipefail

apt-get update
apt-get install -y --no-install-recommends "$@"
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
