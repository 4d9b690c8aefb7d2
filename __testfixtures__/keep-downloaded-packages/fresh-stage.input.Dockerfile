FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive
# Build tools for the native extension
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev
