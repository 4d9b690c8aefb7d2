FROM debian:bookworm
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
apt-get clean
EOF
