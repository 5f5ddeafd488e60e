package io.vdobench.report.model;

import java.util.List;

/**
 * One input file of a run: its rows, or why there are none. A missing file is normal (that part was
 * not run); a broken one is an error the report shows and the command reports.
 *
 * @param expectedFile the file name the report looked for (e.g. {@code results.csv})
 * @param rows         the rows read; empty unless {@link #present()}
 * @param problem      "" when present; otherwise what went wrong, for the page
 * @param broken       true when the file exists but could not be read
 */
public record Input<T>(String expectedFile, List<T> rows, String problem, boolean broken) {
    public Input {
        rows = List.copyOf(rows);
    }

    public static <T> Input<T> of(String file, List<T> rows) {
        return new Input<>(file, rows, "", false);
    }

    public static <T> Input<T> missing(String file) {
        return new Input<>(file, List.of(), "no data (expected file " + file + ")", false);
    }

    public static <T> Input<T> broken(String file, String problem) {
        return new Input<>(file, List.of(), problem, true);
    }

    /** Read, and holds at least one row. */
    public boolean present() {
        return problem.isEmpty() && !rows.isEmpty();
    }

    /** The page text when there is nothing to show. */
    public String absence() {
        return problem.isEmpty() ? "no data (file " + expectedFile + " has no rows)" : problem;
    }
}
