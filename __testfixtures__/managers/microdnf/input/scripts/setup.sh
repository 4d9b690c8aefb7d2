#!/bin/sh
set -e
microdnf install -y findutils
microdnf clean all
