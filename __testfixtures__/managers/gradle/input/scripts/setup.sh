#!/bin/sh
set -e
./gradlew --no-daemon dependencies
rm -rf ~/.gradle/caches/modules-2
