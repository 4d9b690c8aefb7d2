FROM debian:bookworm
ARG WITH_CURL=yes
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN [ "$WITH_CURL" = yes ] && apt-get update && apt-get install -y curl && apt-get clean
RUN [[ -f /etc/debian_version ]] && apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*
