#!/bin/bash
# Installs extra command-line tools; the names come as arguments.
set -e
apt-get update
apt-get install -y --no-install-recommends "$@" && apt-get clean
