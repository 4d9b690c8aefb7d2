FROM debian:12
RUN --mount=type=bind,source=requirements.txt,target=/tmp/requirements.txt \
    apt-get clean; \  
    # install the runtime
    apt-get clean; \
    apt-get install -y --no-install-recommends curl; \
    rm -rf /root/.cache/pip 
RUN --mount=type=cache,target=/var/cache/apt mkdir -p /opt/tools
