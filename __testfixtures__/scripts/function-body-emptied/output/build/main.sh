#!/bin/bash
set -euo pipefail

clean_apt() {
  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
  :
}

# the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
clean_pip() { :; }

apt-get update
apt-get install -y --no-install-recommends libjpeg62-turbo
clean_apt
pip install pillow==11.0.0
clean_pip
