FROM debian:bookworm-slim
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
  apt-get clean > /dev/null; \
  rm -r -f /var/lib/apt/lists || : && \
  # clean up

  sudo apt-get -o Acquire::Retries=3 update; \
  apt-get install -y curl
