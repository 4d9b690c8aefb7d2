FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && apt-get clean > /dev/null 2>&1
RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/* 2> /dev/null
