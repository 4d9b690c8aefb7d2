FROM debian:bookworm AS aptcache
RUN mkdir -p /apt

FROM debian:bookworm
RUN --mount=type=bind,from=aptcache,source=/apt,target=/var/cache/apt,rw apt-get install -y curl
RUN --mount=type=tmpfs,target=/root/.cache/pip pip install --break-system-packages flask
