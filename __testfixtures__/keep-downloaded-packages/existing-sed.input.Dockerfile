FROM ubuntu:22.04
RUN sed -i '/^DPkg::Post-Invoke/d; /^APT::Update::Post-Invoke/d' /etc/apt/apt.conf.d/docker-clean
RUN apt-get update && apt-get install -y curl
