FROM debian
RUN --mount=type=cache,target=/var/cache/apt \
	--mount=type=cache,target=/var/lib/apt,sharing=locked \
	--mount=type=cache,target=/root/.cache/pip \
	set -ex \
	&& python3 -m pip install --upgrade pip \
	# see https://example.org/docs#deps
	&& apt-get update
