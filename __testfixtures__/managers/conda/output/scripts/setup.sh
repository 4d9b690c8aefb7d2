#!/bin/sh
set -e
conda install -y scipy
# the conda cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
