FROM debian:bookworm
RUN apt-get remove -y curl
RUN apt-get purge -y --auto-remove git && apt-get autoremove -y
RUN apt purge -y vim
RUN apt-get autoremove -y && apt-get clean && rm -rf /var/lib/apt/lists/*
