# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended
FROM debian:bookworm
# tools for the healthcheck
RUN apt-get update && apt-get install -y --no-install-recommends curl
