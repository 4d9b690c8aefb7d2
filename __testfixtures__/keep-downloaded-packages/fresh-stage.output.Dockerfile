FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
# Keep downloaded .deb files in the apt cache mount (the base image's docker-clean hook deletes them).
RUN rm -f /etc/apt/apt.conf.d/docker-clean && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
# Build tools for the native extension
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev
