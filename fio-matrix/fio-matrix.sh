#!/bin/sh
# Runs the fio-matrix CLI from the source tree (compiles what is missing first; no install).
# Needs JAVA_HOME pointing at a JDK 22+. Relative paths are taken from the current directory.
# Example: fio-matrix/fio-matrix.sh generate --device /dev/mapper/vdo0 --out /tmp/vdo-matrix
root=$(cd "$(dirname "$0")/.." && pwd)
exec mvn -q -f "$root/pom.xml" -pl fio-matrix -am compile exec:java -Dexec.skip=true \
    -Dexec.mainClass=io.vdobench.fio.FioMatrixCli -Dexec.args="$*"
