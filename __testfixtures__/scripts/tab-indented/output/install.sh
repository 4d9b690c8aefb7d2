#!/bin/bash
set -e

function finish {
	rm -rf /tmp/src
	# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
}
trap finish EXIT

install_packages() {
	apt-get update
	apt-get install -y --no-install-recommends "$@"
	if [ -z "${KEEP_APT_LISTS:-}" ]; then
		# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
		:
	fi
}

mkdir -p /tmp/src
install_packages libssl3 zlib1g
