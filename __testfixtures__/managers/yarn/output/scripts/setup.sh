#!/bin/sh
set -e
yarn install --frozen-lockfile
# the Yarn cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
