package io.vdobench.report.model;

/**
 * How one section of the page was produced in this run (from {@code sections.properties}): the command, what it
 * ran (sized to the profile), its wall time and whether it succeeded.
 *
 * @param name    section key: {@code matrix}, {@code codec-bench}, {@code fragments}, {@code conformance}, {@code hostile}
 * @param command the command line that produced the section's file(s)
 * @param ran     what it ran, in words; may be empty
 * @param seconds wall time, s; negative when unknown
 * @param status  {@code ok}, or why not (e.g. {@code failed (exit 1): see codec-bench.log}, {@code not run: ...})
 */
public record SectionRun(String name, String command, String ran, long seconds, String status) {
    public boolean ok() {
        return status.equals("ok");
    }
}
