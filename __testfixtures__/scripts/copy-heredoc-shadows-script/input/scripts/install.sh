#!/bin/sh
apt-get install -y curl
apt-get clean
rm -rf /var/lib/apt/lists/*
