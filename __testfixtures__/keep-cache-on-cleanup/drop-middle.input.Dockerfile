FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && apt-get clean && curl --version
RUN apt-get update && \
    apt-get install -y git && \
    rm -rf /var/lib/apt/lists/* && \
    git --version
