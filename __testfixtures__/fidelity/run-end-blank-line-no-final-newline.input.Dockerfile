FROM debian:bookworm-slim
RUN apt-get upgrade -y; \
	  apt-get -qq update && apt-get install -y git; \

	  apt-get clean > /dev/null; \
	  rm -rf /var/lib/apt/lists/* /var/cache/apt/* || :