/*
 * glibc 2.38 renamed the C23-conforming strtol family to __isoc23_*; a libqpl.a built on a newer
 * distribution (Debian unstable's libqpl-dev) references them, but Debian 12's glibc 2.36 lacks them.
 * provision.sh links this shim into libqpl.so only when the link fails without it.
 *
 * The C23 variants differ from the classic ones only in accepting a "0b" prefix for base 0/2;
 * libqpl parses decimal numbers from sysfs/environment, where the two agree.
 */
#include <stdlib.h>

long __isoc23_strtol(const char *restrict nptr, char **restrict endptr, int base) {
    return strtol(nptr, endptr, base);
}

long long __isoc23_strtoll(const char *restrict nptr, char **restrict endptr, int base) {
    return strtoll(nptr, endptr, base);
}
