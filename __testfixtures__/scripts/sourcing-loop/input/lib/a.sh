#!/bin/bash
# Entry point; a.sh and b.sh source each other for their helpers.
[ -n "${A_SH_LOADED:-}" ] && return 0
A_SH_LOADED=1

source /usr/local/lib/build/b.sh

install_system() {
  apt-get update
  apt-get install -y --no-install-recommends "$@"
  apt-get clean
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  install_system python3-pip curl
  install_python httpie==3.2.4
fi
