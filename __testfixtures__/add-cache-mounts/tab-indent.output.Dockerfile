FROM python:3.12-slim-bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
	--mount=type=cache,target=/var/lib/apt,sharing=locked \
	apt-get update && \
	apt-get install -y --no-install-recommends \
		libpq5
RUN --mount=type=cache,target=/root/.cache/pip \
	pip3 install \
	flask
RUN --mount=type=cache,target=/root/.cache/pip \
	pip install gunicorn
