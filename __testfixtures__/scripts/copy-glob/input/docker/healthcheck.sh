#!/bin/bash
python -c 'import magic' || exit 1
