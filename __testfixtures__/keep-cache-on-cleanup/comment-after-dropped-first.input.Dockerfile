FROM debian:bookworm
RUN apt-get clean && \
    # now install
    apt-get update && apt-get install -y curl
