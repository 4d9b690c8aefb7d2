# escape=`
FROM debian:bookworm
RUN apt-get update && `
    apt-get install -y --no-install-recommends curl && `
    apt-get clean
RUN pip3 install --break-system-packages --no-cache-dir flask
