#!/bin/sh
set -e
pip3 install --no-cache-dir --break-system-packages httpie==3.2.4
