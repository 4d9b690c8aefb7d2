#!/bin/bash
apt-get update
apt-get install -y build-essential
apt-get clean
