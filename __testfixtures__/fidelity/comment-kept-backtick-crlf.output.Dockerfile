# escape=`
FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked `
        apt-get install -y `
        libpq-dev; `
        curl -fsSL https://example.org/tool.tar.gz -o /tmp/t.tgz; `
        # install the runtime
        tar -xzf /tmp/t.tgz -C /opt 
