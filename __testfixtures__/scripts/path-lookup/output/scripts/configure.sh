#!/bin/sh
set -e
install-deps python3-pip ninja-build
pip3 install --break-system-packages meson==1.5.2
