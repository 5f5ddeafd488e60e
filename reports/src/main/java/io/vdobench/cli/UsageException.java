package io.vdobench.cli;

/**
 * The user's input is wrong: an option's value, a missing or contradictory option, a file that is
 * not what the command reads. Commands throw it before they start work; {@link CliErrors} prints the
 * message as one line and exits 2 (usage), with no stack trace unless {@code --debug} is given.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one line that names the option or argument, the bad value and what is accepted */
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code --storage 'nosuch': use memory or file}: the option, the value given, what it accepts. */
    public static UsageException badValue(String option, Object value, String accepted) {
        return new UsageException(option + " '" + value + "': " + accepted);
    }
}
