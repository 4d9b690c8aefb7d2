# syntax=docker/dockerfile:1
FROM debian:bookworm AS base
RUN rm -f /etc/apt/apt.conf.d/docker-clean && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends python3-pip
RUN --mount=type=cache,id=apt-archives,dst=/var/cache/apt/,sharing=locked --mount=target=/var/lib/apt,type=cache,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends git
RUN --mount=type=cache,destination=/root/.cache/pip \
    pip3 install --break-system-packages flask==3.0.3
RUN --mount=type=cache,target=/root/.cache/pip ["pip3", "install", "--break-system-packages", "requests==2.32.3"]
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    <<EOF
apt-get update
apt-get install -y --no-install-recommends make
EOF

FROM base AS final
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends tini
