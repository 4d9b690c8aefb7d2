FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip pip install flask
RUN --mount=type=cache,id=pip,sharing=shared,dst=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=/tmp/r.txt \
    pip install -r /tmp/r.txt
