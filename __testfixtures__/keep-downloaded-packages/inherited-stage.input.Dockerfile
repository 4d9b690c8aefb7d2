FROM ubuntu:24.04 AS base
RUN apt-get update && apt-get install -y ca-certificates

FROM base AS build
RUN apt-get update && apt-get install -y build-essential

FROM ubuntu:24.04 AS runtime
RUN apt-get update && apt-get install -y libssl3
