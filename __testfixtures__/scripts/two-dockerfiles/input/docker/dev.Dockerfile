FROM python:3.12-slim
RUN --mount=type=bind,source=install-deps.sh,target=/tmp/install-deps.sh \
    bash /tmp/install-deps.sh --dev
WORKDIR /app
