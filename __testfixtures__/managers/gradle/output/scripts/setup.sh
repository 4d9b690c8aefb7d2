#!/bin/sh
set -e
./gradlew --no-daemon dependencies
# the Gradle cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
