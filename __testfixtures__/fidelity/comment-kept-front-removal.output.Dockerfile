# escape=`
FROM debian:bookworm-slim
RUN  `
    --mount=id=root-cache-pip,dst=/root/.cache/pip,type=cache `
    --mount=type=cache,target=/var/cache/apt,sharing=locked `
    # install the runtime
    apt-get -y install tzdata `
    && rm -rf /tmp/*
RUN --mount=type=cache,target=/root/.cache/pip `
    # install
    pip install requests
RUN  `
    --network=host `
    --mount=type=cache,target=/var/cache/apt,sharing=locked `
    --mount=type=cache,target=/var/lib/apt,sharing=locked `
    # update the lists
    apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/root/.cache/pip <<EOF bash
true
EOF
