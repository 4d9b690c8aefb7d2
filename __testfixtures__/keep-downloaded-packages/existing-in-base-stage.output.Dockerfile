FROM debian:bookworm AS base
RUN rm -f /etc/apt/apt.conf.d/docker-clean

FROM base AS app
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y nginx
