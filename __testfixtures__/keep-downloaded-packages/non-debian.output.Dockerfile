FROM alpine:3.20
RUN --mount=type=cache,target=/var/cache/apk,sharing=locked \
    apk --cache-dir /var/cache/apk add --update-cache curl

FROM fedora:40 AS f
RUN --mount=type=cache,target=/var/cache/dnf,sharing=locked \
    dnf --setopt=keepcache=1 --refresh install -y git

FROM registry.access.redhat.com/ubi9/ubi AS u
RUN --mount=type=cache,target=/var/cache/yum,sharing=locked \
    microdnf --setopt=keepcache=1 install -y tar
