FROM debian:bookworm-slim
RUN --mount=type=cache,target=/var/cache/apt <<EOF bash
set -eux
apt-get install -y curl
rm -rf /var/cache/apt/archives/*.deb
# step 5: cleanup
apt-get clean > /dev/null
EOF
RUN rm -rf /root/.cache/pip && \
  apt clean && \
  # clean up
  pip3.12 --no-cache-dir install requests && \
  apt-get install -y curl
