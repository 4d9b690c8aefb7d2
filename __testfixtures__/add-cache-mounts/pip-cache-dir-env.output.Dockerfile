FROM python:3.12-slim AS base
ENV PIP_CACHE_DIR=/opt/pip-cache
RUN --mount=type=cache,target=/opt/pip-cache \
    pip install flask

FROM base AS child
RUN --mount=type=cache,target=/opt/pip-cache \
    pip install gunicorn

FROM python:3.11-slim AS other
ENV PIP_CACHE_DIR /var/cache/pip
RUN --mount=type=cache,target=/var/cache/pip \
    pip3 install rich

FROM python:3.11-slim AS plain
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3 install rich
