#!/bin/sh
set -e
cargo fetch
rm -rf /usr/local/cargo/registry/cache/*
