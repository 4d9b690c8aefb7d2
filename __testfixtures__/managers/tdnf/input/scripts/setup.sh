#!/bin/sh
set -e
tdnf install -y tar
tdnf clean all
