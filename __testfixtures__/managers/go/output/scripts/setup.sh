#!/bin/sh
set -e
go mod download
# the Go cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
