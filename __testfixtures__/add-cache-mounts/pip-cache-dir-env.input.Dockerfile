FROM python:3.12-slim AS base
ENV PIP_CACHE_DIR=/opt/pip-cache
RUN pip install --no-cache-dir flask

FROM base AS child
RUN pip install gunicorn

FROM python:3.11-slim AS other
ENV PIP_CACHE_DIR /var/cache/pip
RUN pip3 install rich

FROM python:3.11-slim AS plain
RUN pip3 install rich
