#!/bin/sh
set -e
pdm install --prod
# the PDM cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
