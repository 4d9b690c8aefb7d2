FROM alpine:3.20
RUN apk add --no-cache curl

FROM fedora:40 AS f
RUN dnf install -y git && dnf clean all

FROM registry.access.redhat.com/ubi9/ubi AS u
RUN microdnf install -y tar
