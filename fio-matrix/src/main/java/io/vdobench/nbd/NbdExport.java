package io.vdobench.nbd;

/**
 * What negotiation tells a client about the one export: name, size, transmission flags and the
 * size constraints (minimum = preferred = the backend block size, maximum = the payload limit).
 */
record NbdExport(String name, String description, long sizeBytes, int transmissionFlags,
                 int blockSize, int maxPayload) {

    /** The empty name selects the default export, which is the only one. */
    boolean matches(String requested) {
        return requested.isEmpty() || requested.equals(name);
    }
}
