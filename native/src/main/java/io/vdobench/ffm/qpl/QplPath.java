package io.vdobench.ffm.qpl;

import java.util.Locale;

/** {@code qpl_path_t}: where libqpl should execute a job. */
public enum QplPath {
    /** Resolved once by vdobench (never passed to libqpl as {@code qpl_path_auto}): hardware if a job initialises there, else software. */
    AUTO(QplJobLayout.QPL_PATH_AUTO),
    HARDWARE(QplJobLayout.QPL_PATH_HARDWARE),
    SOFTWARE(QplJobLayout.QPL_PATH_SOFTWARE);

    private final int value;

    QplPath(int value) {
        this.value = value;
    }

    /** The C enum value. */
    public int value() {
        return value;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
