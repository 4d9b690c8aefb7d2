FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
	  --mount=type=cache,target=/var/lib/apt,sharing=locked \
	  apt-get upgrade -y; \
	  apt-get -qq update && apt-get install -y git