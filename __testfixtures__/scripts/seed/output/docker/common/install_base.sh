#!/bin/bash
set -ex

set_bash_env() {
  if [ ! -f ${BASH_ENV} ]; then
    touch ${BASH_ENV}
  fi
}

init_ubuntu() {
  apt-get update
  apt-get --reinstall install -y libc-bin
  apt-get install -y --no-install-recommends \
    ccache \
    gdb \
    git-lfs \
    libclang-rt-dev \
    libffi-dev \
    libnuma1 \
    libopenmpi-dev \
    python3-dev \
    python3-pip \
    python-is-python3 \
    wget
  if ! command -v mpirun &> /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openmpi-bin
  fi
  echo 'export PATH=$PATH:/usr/local/cuda/bin' >> "${BASH_ENV}"
}

install_python_rockylinux() {
  dnf --setopt=keepcache=1 makecache --refresh
  dnf --setopt=keepcache=1 --refresh install -y python3-devel
}

cleanup() {
  # Clean up apt/dnf cache
  if [ -f /etc/debian_version ]; then
    # the apt cache is a BuildKit cache mount in docker/Dockerfile.multi; no cleanup needed (cachemount)
    :
  elif [ -f /etc/redhat-release ]; then
    # the dnf cache is a BuildKit cache mount in docker/Dockerfile.multi; no cleanup needed (cachemount)
    :
  fi

  # Clean up temporary files
  rm -rf /tmp/* /var/tmp/*

  # the pip cache is a BuildKit cache mount in docker/Dockerfile.multi; no cleanup needed (cachemount)

  # Remove documentation
  rm -rf /usr/share/doc/* /usr/share/man/*
}

ID=$(grep -oP '(?<=^ID=).+' /etc/os-release | tr -d '"')
set_bash_env
case $ID in
  ubuntu)
    init_ubuntu
    ;;
  rocky)
    install_python_rockylinux
    ;;
  *)
    echo "Unsupported OS: $ID"
    exit 1
    ;;
esac
pip3 install --upgrade pip setuptools wheel
cleanup
