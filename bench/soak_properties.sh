#!/usr/bin/env bash
# The property suites with 10,000 examples each (the CI run tries a few dozen).
# Usage: bench/soak_properties.sh   (from the repository root, in the project's virtual environment)
# Prints hypothesis's statistics: examples tried, passing, failing and time per property.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
HYPOTHESIS_PROFILE=soak exec "$PYTHON" -m pytest tests/test_properties.py -q -p no:randomly \
    --hypothesis-show-statistics "$@"
