FROM debian:bookworm-slim
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
  --mount=type=cache,target=/var/cache/apt,sharing=locked \
  --mount=type=cache,target=/var/lib/apt,sharing=locked \
  # clean up

  sudo apt-get -o Acquire::Retries=3 update; \
  apt-get install -y curl
