# Build image   
FROM python:3.12-slim AS app 

# system deps
run --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y curl


ENV PYTHONUNBUFFERED=1	 
  # python deps
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install flask   