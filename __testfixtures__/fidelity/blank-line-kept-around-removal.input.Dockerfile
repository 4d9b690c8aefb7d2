FROM debian
RUN set -ex \
  && apt-get install -y jq \

  && apt clean \
  && echo done || true
RUN set -ex; \
  apt-get install -y jq; \

  apt clean; \

  echo done
