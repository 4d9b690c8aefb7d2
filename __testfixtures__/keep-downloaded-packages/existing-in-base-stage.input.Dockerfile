FROM debian:bookworm AS base
RUN rm -f /etc/apt/apt.conf.d/docker-clean

FROM base AS app
RUN apt-get update && apt-get install -y nginx
