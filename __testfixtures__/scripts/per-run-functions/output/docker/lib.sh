#!/bin/sh
# Helpers the Dockerfile's RUNs source; each RUN calls the one it needs.

install_system_deps() {
  apt-get update
  apt-get install -y --no-install-recommends libpq5
  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
}

install_python_deps() {
  pip install -r "$1"
  # the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
}
