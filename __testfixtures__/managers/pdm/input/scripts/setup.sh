#!/bin/sh
set -e
pdm install --prod
rm -rf ~/.cache/pdm
