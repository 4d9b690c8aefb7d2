# syntax=docker/dockerfile:1
# escape=`
FROM ubuntu:24.04
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked `
    --mount=type=cache,target=/var/lib/apt,sharing=locked `
    apt-get update && `
    apt-get install -y --no-install-recommends tzdata python3-pip && `
    printf 'done\n'
RUN --mount=type=cache,target=/root/.cache/pip `
    python3 -m pip install --break-system-packages `
        requests==2.32.3
