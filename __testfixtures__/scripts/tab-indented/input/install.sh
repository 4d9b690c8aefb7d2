#!/bin/bash
set -e

function finish {
	rm -rf /tmp/src
	apt-get clean
}
trap finish EXIT

install_packages() {
	apt-get update
	apt-get install -y --no-install-recommends "$@"
	if [ -z "${KEEP_APT_LISTS:-}" ]; then
		rm -rf /var/lib/apt/lists/*
	fi
}

mkdir -p /tmp/src
install_packages libssl3 zlib1g
