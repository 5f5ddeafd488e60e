package io.vdobench.jmh;

/** A JMH JSON file that cannot be read as one: the message is one line naming the file and the problem. */
public class JmhJsonException extends IllegalArgumentException {
    public JmhJsonException(String message) {
        super(message);
    }
}
