FROM debian:trixie
RUN echo 'APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/99keep
RUN apt-get update && apt-get install -y git
