#!/bin/sh
set -e
poetry install --no-root --no-cache
poetry cache clear pypi --all
