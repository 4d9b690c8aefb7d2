#!/bin/bash
set -euo pipefail
dnf makecache
dnf install -y python3-devel
dnf clean all
rm -rf /var/cache/dnf
