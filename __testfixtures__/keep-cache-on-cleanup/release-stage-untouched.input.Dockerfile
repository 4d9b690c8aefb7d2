FROM debian:bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc && \
    rm -rf /var/lib/apt/lists/*
RUN gcc --version > /version.txt

FROM debian:bookworm-slim AS release
COPY --from=build /version.txt /version.txt
RUN rm -rf /var/lib/apt/lists/* /var/cache/apt/* && apt-get clean
