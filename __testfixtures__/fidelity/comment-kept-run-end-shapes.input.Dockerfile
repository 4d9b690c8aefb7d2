FROM debian:bookworm-slim
RUN apt-get -y clean && \  

  apt-get -qq update && apt-get install -y curl
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/root/.cache/pip locale-gen en_US.UTF-8;\
  apt-get install -y git;\
  # install the runtime
  apt-get clean > /dev/null;\
  rm -rf /root/.cache/pip
RUN apt-get -qq update \
	  && apt-get install -y wget \
	  && rm -rf /var/cache/apt/archives/*.deb \
	  # see https://example.org/docs#deps
	  && apt clean \
	  && rm -r -f /var/lib/apt/lists || :
RUN set -o errexit; \
    apt-get update && apt-get install -y jq && \
    # clean up

    rm -rf /var/lib/apt/lists/* || true; \
    apt-get clean -y
