# escape=`

FROM debian:bookworm-slim
RUN --mount=type=cache,target=/root/.cache/pip  `
    # install the runtime

    rm -rf /var/lib/apt/lists/*
