#!/bin/sh
set -e
uv pip install --system --no-cache -r requirements.txt
uv cache clean
