#!/bin/sh
apt-get install -y make
apt-get clean
