FROM debian:trixie
RUN echo 'APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/99keep
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y git
