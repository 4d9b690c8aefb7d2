FROM debian:bookworm AS base
RUN apt-get update && apt-get install -y curl
RUN useradd -m -u 1000 app
USER app

FROM base AS final
COPY app.py /home/app/
CMD ["python3", "/home/app/app.py"]
