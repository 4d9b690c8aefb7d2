#!/bin/sh
set -e
if command -v apk >/dev/null 2>&1; then
  apk add --no-cache make
  apk cache clean
else
  apt-get install -y make
  rm -rf /var/lib/apt/lists/*
fi
