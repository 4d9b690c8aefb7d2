# escape=`
FROM debian:bookworm-slim
RUN apt-get install -y `
        libpq-dev; `
        curl -fsSL https://example.org/tool.tar.gz -o /tmp/t.tgz; `
        # install the runtime
        apt-get clean -y; `
        tar -xzf /tmp/t.tgz -C /opt 
