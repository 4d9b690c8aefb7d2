#!/bin/sh
# Works on Debian and Fedora bases alike.
set -e
if command -v apt-get >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends gcc make
  apt-get clean
  rm -rf /var/lib/apt/lists/*
elif command -v dnf >/dev/null 2>&1; then
  dnf remove -y subscription-manager
  dnf install -y gcc make
  dnf clean all
  rm -rf /var/cache/dnf
fi
