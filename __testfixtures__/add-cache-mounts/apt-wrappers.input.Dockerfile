FROM ubuntu:22.04
RUN sudo apt-get update && sudo -E apt-get install -y curl
RUN DEBIAN_FRONTEND=noninteractive apt-get update && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata
RUN env DEBIAN_FRONTEND=noninteractive apt-get update && \
    env DEBIAN_FRONTEND=noninteractive TZ=UTC apt-get -y dist-upgrade
RUN apt update && apt upgrade -y
