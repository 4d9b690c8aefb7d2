FROM debian
RUN --mount=type=cache,target=/var/cache/apt apt-get clean && \  
    # install the runtime
    apt-get clean 
RUN --mount=type=cache,target=/var/cache/apt \
    apt-get clean && \
    # one
    apt-get clean && \
    # two
    apt-get clean
