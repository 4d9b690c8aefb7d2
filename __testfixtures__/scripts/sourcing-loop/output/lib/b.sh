#!/bin/bash
# Python helpers; sources a.sh for install_system.
[ -n "${B_SH_LOADED:-}" ] && return 0
B_SH_LOADED=1

source "$(dirname "${BASH_SOURCE[0]}")/a.sh"

install_python() {
  pip3 install --break-system-packages "$@"
  # the pip cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
}
