FROM python:3.12-slim
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3 install flask
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3.12 install --upgrade setuptools
RUN --mount=type=cache,target=/root/.cache/pip \
    python -m pip install requests
RUN --mount=type=cache,target=/root/.cache/pip \
    python3 -m pip download -d /wheels numpy
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --wheel-dir /wheels .
RUN --mount=type=cache,target=/root/.cache/pip \
    python3.12 -m pip install -U pip
