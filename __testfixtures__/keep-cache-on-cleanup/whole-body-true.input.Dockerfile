FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get clean
RUN --mount=type=cache,target=/root/.cache/pip pip cache purge && rm -rf /root/.cache/pip
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/*
