FROM debian:bookworm-slim
RUN rm -r -f /var/lib/apt/lists; \  
    sudo apt-get clean && \

    apt update 
RUN apt-get clean && \

    apt-get update && apt-get install -y git
