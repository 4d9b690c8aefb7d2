#!/bin/sh
set -eu
pip install --no-cache-dir -r /tmp/requirements.txt
rm -rf /root/.cache/pip/*
