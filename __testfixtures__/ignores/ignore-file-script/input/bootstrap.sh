#!/bin/sh
# Shared with the release tooling: do not edit here.
# cachemount ignore-file
pip install --no-cache-dir -r /requirements.txt
pip cache purge
