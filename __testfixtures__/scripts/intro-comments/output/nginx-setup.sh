#!/bin/bash
set -e

apt-get update
apt-get install -y --no-install-recommends nginx
# clean up to keep the image small
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
ln -sf /dev/stdout /var/log/nginx/access.log
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)

# Remove the package lists

# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
