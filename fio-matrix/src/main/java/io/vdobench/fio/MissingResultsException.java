package io.vdobench.fio;

import java.util.List;

/** A comparison lacks results for some (case, policy) pairs; {@link #missing()} lists them. */
public class MissingResultsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;

    public MissingResultsException(List<String> missing) {
        super("missing results for " + missing.size() + " case/policy pair(s): " + String.join(", ", missing));
        this.missing = List.copyOf(missing);
    }

    /** Entries of the form {@code <policy>:<case id>}. */
    public List<String> missing() {
        return missing;
    }
}
