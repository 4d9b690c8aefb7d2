FROM debian
RUN --mount=type=cache,destination=/root/.cache/pip --mount=target=/var/cache/apt,type=cache python3 -m pip cache purge && \  
	  apt-get clean > /dev/null && \
	  apt-get clean -y 
RUN --mount=target=/var/cache/apt,type=cache apt-get update && apt-get clean > /dev/null && apt-get install -y x
