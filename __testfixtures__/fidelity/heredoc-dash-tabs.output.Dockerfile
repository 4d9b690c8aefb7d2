FROM ubuntu:24.04
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<-EOF
	set -eux
	apt-get update
	apt-get install -y --no-install-recommends git
	# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
	rm -rf /tmp/*
	EOF
