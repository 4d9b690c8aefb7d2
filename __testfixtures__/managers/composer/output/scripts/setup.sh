#!/bin/sh
set -e
composer install --no-dev
# the Composer cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
