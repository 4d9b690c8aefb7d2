FROM python:3.12-slim AS base
RUN apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl git && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/* /tmp/foo
COPY requirements.txt /tmp/
RUN pip install --no-cache-dir -r /tmp/requirements.txt && pip cache purge
RUN --mount=type=cache,target=/root/.cache/pip pip3 install \
    --no-cache-dir \
    torch
USER app
RUN pip install --no-cache-dir flask
