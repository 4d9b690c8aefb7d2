FROM ubuntu:22.04
RUN sed -i '/^DPkg::Post-Invoke/d; /^APT::Update::Post-Invoke/d' /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y curl
