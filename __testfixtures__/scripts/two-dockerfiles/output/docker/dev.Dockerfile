FROM python:3.12-slim
RUN --mount=type=bind,source=install-deps.sh,target=/tmp/install-deps.sh \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/root/.cache/pip \
    bash /tmp/install-deps.sh --dev
WORKDIR /app
