FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked true
RUN --mount=type=cache,target=/root/.cache/pip true
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    true
