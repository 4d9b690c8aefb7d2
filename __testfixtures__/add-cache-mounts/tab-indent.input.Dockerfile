FROM python:3.12-slim-bookworm
RUN apt-get update && \
	apt-get install -y --no-install-recommends \
		libpq5 \
	&& apt-get clean
RUN pip3 install --no-cache-dir \
	flask
RUN pip install gunicorn
