# syntax=docker/dockerfile:1
# escape=`
FROM ubuntu:24.04
RUN apt-get update && `
    apt-get install -y --no-install-recommends tzdata python3-pip && `
    rm -rf /var/lib/apt/lists/* && `
    printf 'done\n'
RUN python3 -m pip install --break-system-packages --no-cache-dir `
        requests==2.32.3
