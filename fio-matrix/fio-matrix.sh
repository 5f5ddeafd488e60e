#!/usr/bin/env bash
# Runs the fio-matrix CLI (generate, summary, jmh-summary, cases) from this checkout: finds a JDK >= 22
# and rebuilds what is stale, like ./vdobench. Relative paths are taken from the current directory.
# Example: fio-matrix/fio-matrix.sh generate --device /dev/mapper/vdo0 --out /tmp/vdo-matrix
set -euo pipefail
# shellcheck source=../scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../scripts/lib.sh"
vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_build_if_stale "$VDOBENCH_ROOT/reports/target/vdobench.jar" || exit $?
exec "$JAVA_HOME/bin/java" -cp "$VDOBENCH_ROOT/reports/target/vdobench.jar" io.vdobench.fio.FioMatrixCli "$@"
