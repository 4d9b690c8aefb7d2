#!/bin/sh
set -e
yarn install --frozen-lockfile
yarn cache clean
