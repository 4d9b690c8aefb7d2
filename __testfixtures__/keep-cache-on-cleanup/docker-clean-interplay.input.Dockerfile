FROM debian:bookworm AS base
# tools
RUN apt-get update && apt-get install -y curl && apt-get clean

FROM base AS dev
RUN apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*

FROM ubuntu:24.04 AS other
RUN echo start
RUN apt-get update && apt-get install -y git && apt-get clean && rm -rf /var/lib/apt/lists/*
