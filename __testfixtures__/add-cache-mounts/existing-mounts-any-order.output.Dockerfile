FROM debian:bookworm
RUN --mount=sharing=locked,type=cache,target=/var/cache/apt \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y curl
RUN --mount=type=cache,id=apt-lists,dst=/var/lib/apt,sharing=locked \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y git
RUN --mount=type=cache,sharing=locked,destination=/var/cache/apt,id=apt-cache --mount=target=/var/lib/apt,type=cache,sharing=locked apt-get update && apt-get install -y make
RUN --mount=id=pip,target=/root/.cache/pip/,type=cache python3 -m pip install flask

FROM debian:bookworm AS second
RUN --mount=type=cache,dst=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/root/.cache/pip \
    apt-get install -y \
    --no-install-recommends \
    python3-pip && \
    pip install --break-system-packages rich
