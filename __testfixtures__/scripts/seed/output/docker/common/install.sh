#!/bin/bash
set -Eeo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" &> /dev/null && pwd)

base=0
cuda_libs=0
mpi4py=0

while [[ $# -gt 0 ]]; do
  case $1 in
    --base)
      base=1
      shift 1
      ;;
    --cuda_libs)
      cuda_libs=1
      shift 1
      ;;
    --mpi4py)
      mpi4py=1
      shift 1
      ;;
    *)
      echo "Unknown option: $1"
      exit 1
      ;;
  esac
done

if [ $base -eq 1 ]; then
  echo "Installing base dependencies..."
  PYTHON_VERSION=$PYTHON_VERSION bash $SCRIPT_DIR/install_base.sh
fi

if [ $cuda_libs -eq 1 ]; then
  echo "Installing CUDA libraries..."
  bash $SCRIPT_DIR/install_cuda_libs.sh
fi

if [ $mpi4py -eq 1 ]; then
  echo "Installing mpi4py..."
  bash "$SCRIPT_DIR/install_mpi4py.sh"
fi
