#!/bin/sh
set -e
yum install -y which
yum clean packages
