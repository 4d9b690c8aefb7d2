FROM debian:bookworm
RUN apt-get update && apt-get install -y curl
RUN bash -c "apt-get install -y --no-install-recommends git"
