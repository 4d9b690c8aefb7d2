FROM debian:bookworm-slim
RUN rm -rf /var/lib/apt/lists/*
RUN apt-get clean && rm -rf /var/cache/apt/*
RUN pip cache purge || true
RUN rm -rf /root/.cache/pip
