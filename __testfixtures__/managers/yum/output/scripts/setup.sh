#!/bin/sh
set -e
yum --setopt=keepcache=1 install -y which
# the yum cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
