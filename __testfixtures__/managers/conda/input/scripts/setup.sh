#!/bin/sh
set -e
conda install -y scipy
conda clean --all --yes
