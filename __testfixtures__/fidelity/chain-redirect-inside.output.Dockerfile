FROM debian
RUN --mount=type=cache,destination=/root/.cache/pip --mount=target=/var/cache/apt,type=cache true 
RUN --mount=target=/var/cache/apt,type=cache \
	  --mount=type=cache,target=/var/lib/apt,sharing=locked \
	  apt-get update && apt-get install -y x
