FROM python:3.12-slim
RUN apt-get update && apt-get install -y curl; \
    apt-get clean; \
    rm -rf /var/lib/apt/lists/*
RUN pip install flask; pip cache purge
RUN pip install rich && \
    pip cache purge
