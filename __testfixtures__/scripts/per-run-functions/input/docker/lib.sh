#!/bin/sh
# Helpers the Dockerfile's RUNs source; each RUN calls the one it needs.

install_system_deps() {
  apt-get update
  apt-get install -y --no-install-recommends libpq5
  apt-get clean
  rm -rf /var/lib/apt/lists/*
}

install_python_deps() {
  pip install --no-cache-dir -r "$1"
  pip cache purge
}
