#!/bin/bash
set -ex

ARCH=$(uname -m)
if [ "$ARCH" = "amd64" ]; then ARCH="x86_64"; fi
if [ "$ARCH" = "aarch64" ]; then ARCH="sbsa"; fi

CUBLAS_VER="12.9.1.4-1"
NVRTC_VER="12.9.86-1"

wget -q "https://developer.download.nvidia.com/compute/cuda/repos/ubuntu2404/${ARCH}/cuda-keyring_1.1-1_all.deb"
dpkg -i cuda-keyring_1.1-1_all.deb
rm cuda-keyring_1.1-1_all.deb

apt-get update && \
    apt-get install -y --allow-change-held-packages \
        libcublas-12-9=${CUBLAS_VER} \
        libcublas-dev-12-9=${CUBLAS_VER} \
        cuda-nvrtc-dev-12-9=${NVRTC_VER} && \
    apt-get clean && \
    rm -rf /var/lib/apt/lists/*
