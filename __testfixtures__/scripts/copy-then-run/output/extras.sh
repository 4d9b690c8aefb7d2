#!/bin/sh
set -e
pip3 install --break-system-packages httpie==3.2.4
