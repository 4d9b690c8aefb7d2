#!/bin/sh
set -e
bun install
# the bun cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
