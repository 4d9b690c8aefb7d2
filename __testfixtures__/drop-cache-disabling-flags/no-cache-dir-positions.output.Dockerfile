FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask
RUN --mount=type=cache,target=/root/.cache/pip \
    pip3 install -r requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install \
    --upgrade \
    pip
RUN --mount=type=cache,target=/root/.cache/pip \
    python3 -m pip install --upgrade pip && \
    python3 -m pip install --prefix=/install .
