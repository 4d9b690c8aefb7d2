FROM debian
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
  set -ex \
  && apt-get install -y jq \

  && echo done || true
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
  set -ex; \
  apt-get install -y jq; \

  echo done
