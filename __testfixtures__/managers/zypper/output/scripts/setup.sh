#!/bin/sh
set -e
zypper -n install -y tar
# the zypper cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
