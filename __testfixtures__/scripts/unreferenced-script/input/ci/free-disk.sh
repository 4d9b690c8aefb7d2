#!/bin/bash
# Frees disk space on the CI runner.
set -e
sudo apt-get clean
sudo rm -rf /var/lib/apt/lists/* /root/.cache/pip
pip cache purge || true
