#!/bin/sh
set -e
bundle install
# the gem/Bundler cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
