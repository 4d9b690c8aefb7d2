#!/bin/sh
set -e
poetry install --no-root
# the Poetry cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
