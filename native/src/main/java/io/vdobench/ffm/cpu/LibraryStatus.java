package io.vdobench.ffm.cpu;

/**
 * Whether a native library's bindings are usable, and what to report about it.
 *
 * @param loaded  every symbol the binding needs was found
 * @param library the file actually mapped (or the names tried when missing)
 * @param version the library's version as honestly as it can be known
 * @param reason  why it is unusable, or ""
 */
record LibraryStatus(boolean loaded, String library, String version, String reason) {

    static LibraryStatus loaded(String library, String version) {
        return new LibraryStatus(true, library, version, "");
    }

    /** The library could not be opened: every variant over it reports {@code lib.reason()}. */
    static LibraryStatus notLoaded(io.vdobench.ffm.NativeLibrary lib, String soname) {
        return missing(soname, lib.reason());
    }

    static LibraryStatus missing(String library, String reason) {
        return new LibraryStatus(false, library, "unknown", reason);
    }
}
