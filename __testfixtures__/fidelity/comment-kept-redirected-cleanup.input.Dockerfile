FROM debian
RUN --mount=type=cache,target=/var/cache/apt set -ex \
	&& python3 -m pip install --upgrade pip \
	# see https://example.org/docs#deps
	&& apt-get clean > /dev/null \
	&& apt-get update
