package io.vdobench.ffm.qpl;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips (never fails) qpl tests where libqpl was not provisioned, saying why. */
final class QplAssumptions {
    private QplAssumptions() {
    }

    static QplLibrary requireLibqpl() {
        QplLibrary lib = QplLibrary.get();
        assumeTrue(lib.isAvailable(), () -> "libqpl not available (run native/provision.sh): " + lib.reason());
        return lib;
    }
}
