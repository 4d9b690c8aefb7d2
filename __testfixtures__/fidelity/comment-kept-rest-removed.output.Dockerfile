FROM debian
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/var/cache/apt \
  set -o errexit
  # install the runtime
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
  <<-EOF
	apt install -y unzip tzdata
EOF
# hadolint ignore=DL3008
