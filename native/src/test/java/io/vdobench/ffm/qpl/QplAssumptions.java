package io.vdobench.ffm.qpl;

import io.vdobench.testing.Prerequisites;

/** Skips qpl tests where libqpl was not provisioned, saying why (fails them with CI=true). */
final class QplAssumptions {
    private QplAssumptions() {
    }

    static QplLibrary requireLibqpl() {
        QplLibrary lib = QplLibrary.get();
        Prerequisites.require(lib.isAvailable(), () -> "libqpl not available (run native/provision.sh): " + lib.reason());
        return lib;
    }
}
