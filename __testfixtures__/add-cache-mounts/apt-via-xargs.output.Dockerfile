FROM debian:bookworm AS system
COPY packages.txt /tmp/
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    xargs -r apt-get install -y < /tmp/packages.txt

FROM python:3.12-slim AS python
COPY requirements.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    cat /tmp/requirements.txt | xargs pip install
