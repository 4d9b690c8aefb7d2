FROM debian
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/var/cache/apt set -e && \
    # c
    pip cache purge ; \
    apt-get clean
RUN echo
