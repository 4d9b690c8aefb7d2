#!/bin/sh
# cachemount ignore-file
pip install --no-cache-dir build
rm -rf /root/.cache/pip
