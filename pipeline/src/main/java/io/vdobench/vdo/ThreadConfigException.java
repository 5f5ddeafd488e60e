package io.vdobench.vdo;

/**
 * A thread configuration dm-vdo would refuse ({@code VDO_BAD_CONFIGURATION}: "Invalid thread-count
 * configuration"); the message is one line in dm-vdo's words.
 */
public final class ThreadConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ThreadConfigException(String message) {
        super("thread config string error: " + message);
    }
}
