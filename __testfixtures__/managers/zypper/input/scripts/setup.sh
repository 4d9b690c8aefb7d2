#!/bin/sh
set -e
zypper -n install -y tar
zypper clean -a
