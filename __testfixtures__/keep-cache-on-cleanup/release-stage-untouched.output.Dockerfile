FROM debian:bookworm AS build
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc
RUN gcc --version > /version.txt

FROM debian:bookworm-slim AS release
COPY --from=build /version.txt /version.txt
RUN rm -rf /var/lib/apt/lists/* /var/cache/apt/* && apt-get clean
