FROM debian:bookworm
# Keep downloaded .deb files in the apt cache mount (the base image's docker-clean hook would delete them; it is put back before the image ships).
RUN if [ -f /etc/apt/apt.conf.d/docker-clean ]; then mv /etc/apt/apt.conf.d/docker-clean /etc/apt/docker-clean.cachemount; fi && \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && \
    apt-get install -y curl && \
    curl --version
# Put back the base image's apt configuration, set aside above for the apt cache mount.
RUN rm -f /etc/apt/apt.conf.d/zz-cachemount-keep-downloaded && \
    if [ -f /etc/apt/docker-clean.cachemount ]; then mv /etc/apt/docker-clean.cachemount /etc/apt/apt.conf.d/docker-clean; fi
