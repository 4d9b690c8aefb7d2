#!/bin/sh
# the apt cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
