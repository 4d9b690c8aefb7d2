#!/bin/bash
set -ex

MPI4PY_VERSION="3.1.5"
RELEASE_URL="https://github.com/mpi4py/mpi4py/archive/refs/tags/${MPI4PY_VERSION}.tar.gz"

TMP_DIR=$(mktemp -d)
trap 'rm -rf "$TMP_DIR"' EXIT
cd "$TMP_DIR"
curl -L ${RELEASE_URL} | tar -zx -C "$TMP_DIR"
pip3 install "$TMP_DIR/mpi4py-${MPI4PY_VERSION}"
