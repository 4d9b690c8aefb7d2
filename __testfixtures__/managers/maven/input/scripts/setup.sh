#!/bin/sh
set -e
mvn -B -q dependency:resolve
rm -rf /root/.m2/repository/*
