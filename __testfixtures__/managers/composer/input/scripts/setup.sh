#!/bin/sh
set -e
composer install --no-dev --no-cache
composer clear-cache
