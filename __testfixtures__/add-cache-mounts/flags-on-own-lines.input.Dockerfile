FROM python:3.12-slim
RUN apt-get update && \
    apt-get install -y \
    git \
    curl
RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
      --network=default \
      pip install -r /tmp/requirements.txt
RUN --mount=type=secret,id=netrc,target=/root/.netrc pip install private-pkg
RUN \
  pip install flask
