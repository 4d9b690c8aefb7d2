FROM python:3.12-slim
RUN pip cache purge && pip install flask
RUN rm -rf /var/cache/apt/* && apt-get update && apt-get install -y git
RUN apt-get clean && \
    apt-get update && \
    apt-get install -y curl
