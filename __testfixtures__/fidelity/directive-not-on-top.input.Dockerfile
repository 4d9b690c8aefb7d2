# Build image for the API
# escape=`
FROM debian:bookworm
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    apt-get clean
