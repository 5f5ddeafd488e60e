package io.vdobench.report.model;

/**
 * The verdict on one I/O type (or {@code all}) of the policy comparison, as a plain input to the report's first
 * screen: the producer decides it (e.g. from paired forks), the report only shows it.
 *
 * @param pattern fio I/O type, or {@code all}
 * @param verdict the producer's word, e.g. {@code faster}, {@code slower}, {@code no difference}, {@code inconclusive}
 * @param detail  why, in words (estimate and interval); may be empty
 */
public record IoVerdict(String pattern, String verdict, String detail) {
}
