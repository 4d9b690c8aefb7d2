#!/bin/sh
set -e
mvn -B -q dependency:resolve
# the Maven cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
