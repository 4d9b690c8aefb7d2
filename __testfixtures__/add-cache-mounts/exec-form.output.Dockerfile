FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    ["apt-get", "install", "-y", "curl"]
RUN --mount=type=cache,target=/root/.cache/pip \
    ["pip", "install", "flask"]
