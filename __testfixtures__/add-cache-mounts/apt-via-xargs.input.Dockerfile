FROM debian:bookworm AS system
COPY packages.txt /tmp/
RUN apt-get update && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends
RUN xargs -r apt-get install -y < /tmp/packages.txt

FROM python:3.12-slim AS python
COPY requirements.txt /tmp/
RUN cat /tmp/requirements.txt | xargs pip install
