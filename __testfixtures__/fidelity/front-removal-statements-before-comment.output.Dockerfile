FROM debian
RUN --mount=type=cache,target=/root/.cache/pip --security=insecure \
        --mount=type=cache,target=/var/cache/apt,sharing=locked \
        --mount=type=cache,target=/var/lib/apt,sharing=locked \
        # clean up
        python3 -m venv /opt/venv; \
        apt-get -qq update
