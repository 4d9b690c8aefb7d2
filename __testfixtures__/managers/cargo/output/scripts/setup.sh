#!/bin/sh
set -e
cargo fetch
# the cargo cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
