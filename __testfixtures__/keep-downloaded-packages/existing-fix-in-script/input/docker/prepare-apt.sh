#!/bin/sh
set -e
# let the apt cache mount keep packages
rm -f /etc/apt/apt.conf.d/docker-clean
