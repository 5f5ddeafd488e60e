#!/usr/bin/env bash
# Runs every module's tests: finds a JDK >= 22 (JAVA_HOME or /usr/lib/jvm), installs Maven if it
# is missing (as root, from Debian), provisions the native libraries (native/provision.sh), then
# `mvn -B test` over the whole reactor. Extra arguments go to Maven, e.g. ./run-tests.sh -pl reports -am
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/scripts/lib.sh"

vdobench_find_jdk || exit 2
vdobench_ensure_maven || exit 2
vdobench_provision
vdobench_log "testing with $JAVA_HOME ($(mvn -v 2>/dev/null | head -n 1 | sed 's/\x1b\[[0-9;]*m//g'))"
vdobench_mvn test "$@"
