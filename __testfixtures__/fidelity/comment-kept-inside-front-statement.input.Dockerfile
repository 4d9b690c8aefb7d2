# escape=`

FROM debian:bookworm-slim
RUN --mount=type=cache,target=/root/.cache/pip rm -rf /root/.cache/pip && `
    # install the runtime

    pip cache purge; `
    rm -rf /var/lib/apt/lists/*
