#!/bin/sh
set -e
bundle install
rm -rf /usr/local/bundle/cache/*
