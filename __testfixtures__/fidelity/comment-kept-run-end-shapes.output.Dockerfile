FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \

  apt-get -qq update && apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/root/.cache/pip locale-gen en_US.UTF-8;\
  apt-get install -y git
  # install the runtime
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
	  --mount=type=cache,target=/var/lib/apt,sharing=locked \
	  apt-get -qq update \
	  && apt-get install -y wget \
	  # see https://example.org/docs#deps
	  || :
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
	  --mount=type=cache,target=/var/lib/apt,sharing=locked \
	  set -o errexit; \
    apt-get update && apt-get install -y jq \
    # clean up

    || true
