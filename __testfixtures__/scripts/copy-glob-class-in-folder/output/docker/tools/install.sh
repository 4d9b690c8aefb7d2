#!/bin/sh
apt-get install -y make
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
