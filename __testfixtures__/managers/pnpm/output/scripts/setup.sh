#!/bin/sh
set -e
pnpm install --frozen-lockfile
# the pnpm cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
