FROM python:3.12-slim   
RUN	--mount=type=cache,target=/var/cache/apt,sharing=locked \
	--mount=type=cache,target=/var/lib/apt,sharing=locked \
	apt-get update	&& \ 
	apt-get install -y --no-install-recommends curl
RUN --mount=type=cache,target=/root/.cache/pip \
	pip install httpie==3.2.4   
