#!/bin/bash
set -euo pipefail

clean_apt() {
  apt-get clean
  rm -rf /var/lib/apt/lists/*
}

clean_pip() { pip cache purge; }

apt-get update
apt-get install -y --no-install-recommends libjpeg62-turbo
clean_apt
pip install --no-cache-dir pillow==11.0.0
clean_pip
