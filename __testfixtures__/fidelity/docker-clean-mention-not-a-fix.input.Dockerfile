FROM debian:bookworm
# show the hook for the build log
RUN cat /etc/apt/apt.conf.d/docker-clean
RUN apt-get update && apt-get install -y --no-install-recommends curl
