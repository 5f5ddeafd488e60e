package io.vdobench.fio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The case filter as users type it ({@code --profile}, {@code --patterns}, {@code --sizes},
 * {@code --jobs}), shared by every command that runs or writes the matrix. Unlike
 * {@link Matrix#select}, every value must name something the profile has: a typo or a size the
 * matrix does not use is refused with the value and the accepted ones, instead of quietly
 * selecting fewer cases or none.
 *
 * @param profile  a profile of the matrix (smoke, quick, full in the built-in one)
 * @param patterns fio rw names; empty = all
 * @param sizes    block sizes in fio's spelling (4k, 64k); empty = all
 * @param jobs     job counts; empty = all
 */
public record MatrixSelection(String profile, List<String> patterns, List<String> sizes, List<Integer> jobs) {
    public MatrixSelection {
        patterns = List.copyOf(patterns);
        sizes = List.copyOf(sizes);
        jobs = List.copyOf(jobs);
    }

    /**
     * The selected cases, in matrix order.
     *
     * @throws IllegalArgumentException naming the option and the value that matches nothing, or saying
     *                                  that the values together leave no case
     */
    public List<MatrixCase> cases(Matrix m) {
        if (!m.profiles().containsKey(profile)) {
            throw new IllegalArgumentException("--profile '" + profile + "': use " + String.join(", ", m.profiles().keySet()));
        }
        List<MatrixCase> all = m.cases(profile);
        List<IoPattern> ps = new ArrayList<>();
        for (String p : patterns) {
            IoPattern pattern;
            try {
                pattern = IoPattern.ofFio(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--patterns '" + p + "': use " + offered(all, c -> c.pattern().fioName()), e);
            }
            ps.add(require("--patterns", p, pattern, all, MatrixCase::pattern, c -> c.pattern().fioName()));
        }
        List<Integer> bs = new ArrayList<>();
        for (String s : sizes) {
            long bytes;
            try {
                bytes = MatrixCase.parseSize(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--sizes '" + s + "': not a size; use "
                        + offered(all, c -> MatrixCase.sizeToFio(c.blockSize())), e);
            }
            Integer size = bytes > 0 && bytes <= Integer.MAX_VALUE ? (int) bytes : -1;
            bs.add(require("--sizes", s, size, all, MatrixCase::blockSize, c -> MatrixCase.sizeToFio(c.blockSize())));
        }
        for (Integer j : jobs) {
            require("--jobs", j, j, all, MatrixCase::numjobs, c -> Integer.toString(c.numjobs()));
        }
        List<MatrixCase> selected = m.select(profile, ps, bs, jobs);
        if (selected.isEmpty()) {
            List<String> given = new ArrayList<>();
            if (!patterns.isEmpty()) {
                given.add("--patterns " + String.join(",", patterns));
            }
            if (!sizes.isEmpty()) {
                given.add("--sizes " + String.join(",", sizes));
            }
            if (!jobs.isEmpty()) {
                given.add("--jobs " + String.join(",", jobs.stream().map(String::valueOf).toList()));
            }
            throw new IllegalArgumentException(String.join(" ", given) + ": each exists in profile " + profile
                    + ", but no case has them together");
        }
        return selected;
    }

    /** {@code value} if some case of the profile has it, else the error listing what the profile has. */
    private <T> T require(String option, Object typed, T value, List<MatrixCase> all, Function<MatrixCase, T> key,
                          Function<MatrixCase, String> spelling) {
        for (MatrixCase c : all) {
            if (key.apply(c).equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException(option + " '" + typed + "': profile " + profile + " has " + offered(all, spelling));
    }

    private static String offered(Collection<MatrixCase> cases, Function<MatrixCase, String> spelling) {
        Set<String> seen = new LinkedHashSet<>();
        cases.forEach(c -> seen.add(spelling.apply(c)));
        return String.join(", ", seen);
    }
}
