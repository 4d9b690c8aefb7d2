FROM debian
RUN --mount=type=cache,target=/var/cache/apt true
    # install the runtime
RUN --mount=type=cache,target=/var/cache/apt \
    true
    # one
    # two
