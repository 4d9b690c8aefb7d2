#!/bin/bash
set -ex

NIXL_VERSION="0.5.0"
NIXL_REPO="https://github.com/ai-dynamo/nixl.git"

pip3 install meson ninja pybind11
git clone --depth 1 -b ${NIXL_VERSION} ${NIXL_REPO} /tmp/nixl
cd /tmp/nixl
meson setup builddir -Ducx_path=/usr/local/ucx -Dbuildtype=release
ninja -C builddir install
cd /
rm -rf /tmp/nixl
