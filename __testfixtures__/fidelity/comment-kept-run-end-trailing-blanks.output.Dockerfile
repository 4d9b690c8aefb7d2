FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \
    rm -rf /tmp/build \  
    && pip wheel --wheel-dir /wheels -r requirements.txt
    # see https://example.org/docs#deps