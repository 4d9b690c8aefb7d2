FROM debian:bookworm
RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.cachemount; fi && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y curl
RUN rm -f /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded && \
    if [ -f /etc/apt/docker-clean.cachemount ]; then mv /etc/apt/docker-clean.cachemount /etc/apt/apt.conf.d/docker-clean; fi
