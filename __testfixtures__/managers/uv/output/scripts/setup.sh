#!/bin/sh
set -e
UV_LINK_MODE=copy uv pip install --system -r requirements.txt
# the uv cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
