FROM debian:bookworm
RUN cat <<EOF > /etc/apt/apt.conf.d/80-retries && apt-get update && apt-get install -y --no-install-recommends curl
Acquire::Retries "3";
EOF
