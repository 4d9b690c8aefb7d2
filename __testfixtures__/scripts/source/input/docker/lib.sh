#!/bin/sh
# Shared helpers for the image build.

log() {
  echo "[build] $*"
}

install_deps() {
  log "installing system packages"
  apt-get update
  apt-get install -y --no-install-recommends libxml2 libxslt1.1
  log "installing python packages"
  pip install --no-cache-dir lxml==5.3.0
  apt-get clean
  rm -rf /var/lib/apt/lists/*
}

purge_caches() {
  apt-get clean
  pip cache purge
}
