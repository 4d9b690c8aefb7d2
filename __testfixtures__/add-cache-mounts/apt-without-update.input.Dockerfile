FROM debian:bookworm-slim
RUN apt-get install -y curl
RUN apt-get upgrade -y
RUN apt-get -q dist-upgrade
RUN apt-get build-dep -y python3
RUN apt install -y vim
RUN apt-get -o Acquire::Retries=3 install -y git
