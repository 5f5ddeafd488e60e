#!/usr/bin/env bash
# What --model's stage timing costs the matrix: scripts/pipeline-ab.sh stage-timing (see there).
#   scripts/stage-timing-overhead.sh [--rounds K] [--execution threads|inline]   (output: reports/out/stage-overhead)
exec "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/pipeline-ab.sh" stage-timing "$@"
