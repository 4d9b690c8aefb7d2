#!/bin/sh
set -e
go mod download
go clean -modcache
