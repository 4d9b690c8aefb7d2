FROM debian:bookworm
RUN apt-get update && \
    # build tools
    apt-get install -y build-essential && \
    apt-get clean && \
    # runtime libraries
    apt-get install -y libpq5 && \
    rm -rf /var/lib/apt/lists/*
