FROM python:3.12-slim
RUN rm -rf /tmp/build \  
    && pip wheel --wheel-dir /wheels -r requirements.txt \
    # see https://example.org/docs#deps
    && pip cache purge   