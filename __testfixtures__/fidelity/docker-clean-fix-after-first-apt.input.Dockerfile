FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN apt-get update && apt-get install -y --no-install-recommends git
