FROM debian:12
# Keep downloaded .deb files in the apt cache mount (the base image's docker-clean hook deletes them).
RUN rm -f /etc/apt/apt.conf.d/docker-clean && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    --mount=type=cache,target=/var/cache/apt,sharing=locked \
    # install the runtime
    apt-get install -y --no-install-recommends curl; \
    rm -rf /root/.cache/pip 
RUN --mount=type=cache,target=/var/cache/apt mkdir -p /opt/tools
