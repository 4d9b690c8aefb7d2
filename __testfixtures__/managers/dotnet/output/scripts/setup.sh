#!/bin/sh
set -e
dotnet restore
# the .NET (NuGet) cache is a BuildKit cache mount in Dockerfile; no cleanup needed (cachemount)
