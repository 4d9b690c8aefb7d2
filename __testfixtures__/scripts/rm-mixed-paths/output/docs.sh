#!/bin/bash
# Builds the docs; the whole of ~/.cache goes afterwards, so pip's cache cannot be a mount here.
set -eux
pip install --no-cache-dir mkdocs==1.6.1
mkdocs build --config-file /usr/local/share/docs/mkdocs.yml --site-dir /srv/docs
rm -rf /root/.cache
