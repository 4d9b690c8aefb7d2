FROM debian
RUN --mount=type=cache,target=/root/.cache/pip --security=insecure python -m pip cache purge || :; \
        rm -r -f /var/lib/apt/lists; \
        # clean up
        python3 -m venv /opt/venv; \
        apt-get -qq update
