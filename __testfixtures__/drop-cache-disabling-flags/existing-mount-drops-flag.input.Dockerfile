FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask
RUN --mount=type=cache,id=pip,sharing=shared,dst=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=/tmp/r.txt \
    PIP_NO_CACHE_DIR=1 pip install -r /tmp/r.txt
