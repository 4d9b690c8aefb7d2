FROM python:3.12-slim
RUN ["apt-get", "install", "-y", "curl"]
RUN ["pip", "install", "flask"]
