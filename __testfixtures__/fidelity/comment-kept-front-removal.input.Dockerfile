# escape=`
FROM debian:bookworm-slim
RUN  `
    --mount=id=root-cache-pip,dst=/root/.cache/pip,type=cache `
    rm -rf /root/.cache/pip `
    # install the runtime
    && pip cache purge `
    && apt-get -y install tzdata `
    && rm -rf /root/.cache/pip /tmp/*
RUN rm -rf /root/.cache/pip && `
    # install
    pip cache purge && `
    pip install requests
RUN  `
    --network=host `
    apt-get -y clean && `
    # update the lists
    apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/root/.cache/pip <<EOF bash
rm -rf ~/.cache/pip
EOF
