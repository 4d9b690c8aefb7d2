FROM debian:bookworm-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl ca-certificates
apt-get clean
rm -rf /var/lib/apt/lists/*
EOF
RUN <<EOF
apt-get update && apt-get install -y --no-install-recommends make && apt-get clean
make -C /src install
EOF
CMD ["curl", "--version"]
