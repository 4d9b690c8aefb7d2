#!/bin/sh
set -e
apt-get update
apt-get install -y --no-install-recommends git openssh-client
if [ -f /etc/debian_version ]; then
    # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
    :
elif [ -f /etc/alpine-release ]; then
    rm -rf /var/cache/apk/*
fi

if [ "${KEEP_APT_LISTS:-0}" = 1 ]; then
    echo "keeping the package lists"
else
    # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
    :
fi
