#!/bin/sh
# Works on Debian and Fedora bases alike.
set -e
if command -v apt-get >/dev/null 2>&1; then
  apt-get update
  apt-get install -y --no-install-recommends gcc make
  # the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
elif command -v dnf >/dev/null 2>&1; then
  dnf remove -y subscription-manager
  dnf install -y gcc make
  dnf clean all
  rm -rf /var/cache/dnf
fi
