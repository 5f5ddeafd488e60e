/*
 * Proves a libqpl shared library really loads (every symbol resolved, RTLD_NOW) and prints its own
 * version string. Used by provision.sh; exit status 0 only when both succeed.
 *   usage: qpl_dlopen_check /path/to/libqpl.so
 */
#include <dlfcn.h>
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <libqpl.so>\n", argv[0]);
        return 2;
    }
    void *h = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (h == NULL) {
        fprintf(stderr, "dlopen failed: %s\n", dlerror());
        return 1;
    }
    const char *(*version)(void) = (const char *(*)(void)) dlsym(h, "qpl_get_library_version");
    if (version == NULL) {
        fprintf(stderr, "no qpl_get_library_version: %s\n", dlerror());
        return 1;
    }
    const char *needed[] = {"qpl_get_job_size", "qpl_init_job", "qpl_execute_job", "qpl_fini_job"};
    for (unsigned i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (dlsym(h, needed[i]) == NULL) {
            fprintf(stderr, "missing symbol %s\n", needed[i]);
            return 1;
        }
    }
    printf("%s\n", version());
    return 0;
}
