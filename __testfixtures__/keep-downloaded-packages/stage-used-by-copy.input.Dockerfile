FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y build-essential
RUN make -C /src

FROM debian:bookworm-slim
COPY --from=build /src/out /usr/local/bin/tool
RUN apt-get update && apt-get install -y --no-install-recommends libssl3 \
    && rm -rf /var/lib/apt/lists/*
USER nobody
