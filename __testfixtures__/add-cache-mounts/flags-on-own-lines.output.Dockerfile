FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y \
    git \
    curl
RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
      --network=default \
      --mount=type=cache,target=/root/.cache/pip \
      pip install -r /tmp/requirements.txt
RUN --mount=type=secret,id=netrc,target=/root/.netrc \
    --mount=type=cache,target=/root/.cache/pip \
    pip install private-pkg
RUN \
  --mount=type=cache,target=/root/.cache/pip \
  pip install flask
