#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl
if [ -f /etc/debian_version ]; then apt-get clean; rm -rf /var/lib/apt/lists/*; fi
