#!/bin/sh
set -e
dotnet restore
dotnet nuget locals global-packages --clear
