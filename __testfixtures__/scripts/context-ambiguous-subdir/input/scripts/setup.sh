#!/bin/bash
set -e
cleanup() {
  rm -rf /root/.cache/pip /tmp/build
}
trap cleanup EXIT
mkdir -p /tmp/build
