#!/bin/sh
set -e
microdnf --setopt=keepcache=1 install -y findutils
# the microdnf cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
