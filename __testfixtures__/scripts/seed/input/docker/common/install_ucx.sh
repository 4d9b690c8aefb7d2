#!/bin/bash
set -ex

UCX_VERSION="v1.19.x"
UCX_INSTALL_PATH="/usr/local/ucx/"

apt-get update
apt-get install -y --no-install-recommends libtool autoconf automake
git clone --depth 1 -b ${UCX_VERSION} https://github.com/openucx/ucx.git /tmp/ucx
cd /tmp/ucx
./autogen.sh
./contrib/configure-release --prefix=${UCX_INSTALL_PATH} --enable-mt
make install -j$(nproc)
cd /
rm -rf /tmp/ucx
