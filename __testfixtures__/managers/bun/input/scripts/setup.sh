#!/bin/sh
set -e
bun install
bun pm cache rm
