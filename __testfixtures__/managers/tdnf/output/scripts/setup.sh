#!/bin/sh
set -e
tdnf install -y tar
# the tdnf cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
