#!/usr/bin/env bash
set -euo pipefail

cleanup() {
  rm -rf /tmp/build

  # drop package caches to keep the layer small
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  pip cache purge
}

# Only for reusing a build host; the image build never calls it.
function reset_host {
  apt-get clean
  rm -rf /var/lib/apt/lists/*
  pip cache purge
}

trap cleanup EXIT

apt-get update
apt-get install -y --no-install-recommends gcc libc6-dev
mkdir -p /tmp/build
pip install --no-cache-dir .
