package io.vdobench.vdo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * dm-vdo's thread counts as its table line carries them ({@code struct thread_count_config}), with
 * its defaults, limits and validation rules ({@code dm-vdo-target.c}: {@code parse_device_config},
 * {@code process_one_thread_config_spec}):
 *
 * <table>
 * <caption>keys</caption>
 * <tr><th>key</th><th>default</th><th>allowed</th><th>threads</th></tr>
 * <tr><td>ack</td><td>1</td><td>0..100</td><td>"ackQ" (0: acknowledge on the thread that finished the step)</td></tr>
 * <tr><td>bio</td><td>4</td><td>1..100</td><td>"bioQ0".. (storage I/O)</td></tr>
 * <tr><td>bioRotationInterval</td><td>64</td><td>1..1024</td><td>consecutive PBNs per bio thread</td></tr>
 * <tr><td>cpu</td><td>1</td><td>1..100</td><td>"cpuQ" (hash, compress, decompress, verify)</td></tr>
 * <tr><td>hash</td><td>0</td><td>0..100</td><td>"hashQ0".. (hash zones)</td></tr>
 * <tr><td>logical</td><td>0</td><td>0..60</td><td>"logQ0".. (logical zones)</td></tr>
 * <tr><td>physical</td><td>0</td><td>0..16</td><td>"physQ0".. (physical zones)</td></tr>
 * </table>
 *
 * <p>Logical, physical and hash are all zero or all non-zero; all zero is dm-vdo's default, where one
 * "reqQ" thread does the logical, physical, hash, journal and packer work. Two rules differ on
 * purpose: an unknown key is an error here (dm-vdo logs it and goes on, for tool/kernel version
 * skew), and the block map cache rule ({@code cache >= 2 * 2048 * logical}) has nothing to check
 * because the model keeps the block map in memory.
 *
 * @param ack                 bio acknowledgement threads ({@code bio_ack_threads})
 * @param bio                 bio submission threads
 * @param bioRotationInterval PBNs in a row that go to one bio thread
 * @param cpu                 CPU threads
 * @param hash                hash zones
 * @param logical             logical zones
 * @param physical            physical zones
 */
public record ThreadConfig(int ack, int bio, int bioRotationInterval, int cpu, int hash, int logical, int physical) {
    /** {@code VDO_BIO_ROTATION_INTERVAL_LIMIT}. */
    public static final int BIO_ROTATION_INTERVAL_LIMIT = 1024;
    /** {@code MAX_VDO_LOGICAL_ZONES}. */
    public static final int MAX_LOGICAL_ZONES = 60;
    /** {@code MAX_VDO_PHYSICAL_ZONES}. */
    public static final int MAX_PHYSICAL_ZONES = 16;
    /** {@code MAXIMUM_VDO_THREADS}: the limit of every other count. */
    public static final int MAXIMUM_THREADS = 100;
    /** The keys in the order dm-vdo's documentation lists them. */
    public static final List<String> KEYS = List.of("ack", "bio", "bioRotationInterval", "cpu", "hash", "logical",
            "physical");
    /** dm-vdo's defaults ({@code parse_device_config}): ack 1, bio 4, bioRotationInterval 64, cpu 1, zones 0. */
    public static final ThreadConfig DEFAULT = new ThreadConfig(1, 4, 64, 1, 0, 0, 0);

    public ThreadConfig {
        check("ack", ack);
        check("bio", bio);
        check("bioRotationInterval", bioRotationInterval);
        check("cpu", cpu);
        check("hash", hash);
        check("logical", logical);
        check("physical", physical);
        if ((logical == 0) != (physical == 0) || (physical == 0) != (hash == 0)) {
            throw new ThreadConfigException("Logical, physical, and hash zones counts must all be zero or all non-zero"
                    + " (logical=" + logical + ", physical=" + physical + ", hash=" + hash + ")");
        }
    }

    /** {@code process_one_thread_config_spec}'s limits for one key. */
    private static void check(String key, long count) {
        if (count < 0) {
            throw new ThreadConfigException("integer value needed for '" + key + "', found " + count);
        }
        switch (key) {
            case "bioRotationInterval" -> {
                if (count == 0) {
                    throw new ThreadConfigException("'bioRotationInterval' of at least 1 is required");
                }
                if (count > BIO_ROTATION_INTERVAL_LIMIT) {
                    throw new ThreadConfigException("'bioRotationInterval' cannot be higher than "
                            + BIO_ROTATION_INTERVAL_LIMIT + " (got " + count + ")");
                }
            }
            case "logical" -> atMost(key, count, MAX_LOGICAL_ZONES);
            case "physical" -> atMost(key, count, MAX_PHYSICAL_ZONES);
            default -> {
                atMost(key, count, MAXIMUM_THREADS);
                if (count == 0 && (key.equals("cpu") || key.equals("bio"))) {
                    throw new ThreadConfigException("at least one '" + key + "' thread required");
                }
            }
        }
    }

    private static void atMost(String key, long count, int max) {
        if (count > max) {
            throw new ThreadConfigException("at most " + max + " '" + key + "' threads are allowed (got " + count + ")");
        }
    }

    /**
     * Parses dm-vdo's thread config string: comma-separated {@code key=count} specs, e.g.
     * {@code cpu=2,bio=4}, each applied over the defaults (a key given twice: the last wins), or
     * {@code .} for the defaults alone.
     *
     * @throws ThreadConfigException on a malformed spec, an unknown key, a count that is not an
     *                               unsigned decimal integer, or a count outside dm-vdo's limits
     */
    public static ThreadConfig parse(String spec) {
        if (spec == null) {
            throw new ThreadConfigException("expected thread parameter assignments such as cpu=2,bio=4, saw nothing");
        }
        ThreadConfig c = DEFAULT;
        String s = spec.strip();
        if (s.equals(".")) {
            return c;
        }
        long[] v = {c.ack, c.bio, c.bioRotationInterval, c.cpu, c.hash, c.logical, c.physical};
        for (String item : s.split(",", -1)) {
            String[] kv = item.strip().split("=", -1);
            if (kv.length != 2 || kv[0].isBlank()) {
                throw new ThreadConfigException("expected thread parameter assignment, saw \"" + item + "\"");
            }
            String key = kv[0].strip();
            int k = KEYS.indexOf(key);
            if (k < 0) {
                throw new ThreadConfigException("unknown thread parameter type \"" + key + "\" (known: "
                        + String.join(", ", KEYS) + ")");
            }
            long count = unsignedInt(kv[1].strip());
            check(key, count);
            v[k] = count;
        }
        return new ThreadConfig((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], (int) v[6]);
    }

    /** {@code kstrtouint(value, 10)}: decimal digits (an optional leading +), at most 2^32 - 1. */
    private static long unsignedInt(String value) {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new ThreadConfigException("integer value needed, found \"" + value + "\"");
        }
        long n = Long.parseLong(digits);
        if (n > 0xFFFF_FFFFL) {
            throw new ThreadConfigException("integer value needed, found \"" + value + "\"");
        }
        return n;
    }

    /** True for dm-vdo's default layout: one "reqQ" thread does the logical, physical, hash, journal and packer work. */
    public boolean singleZoneThread() {
        return logical == 0;
    }

    /** Logical zones: the table's count, or 1 when one thread does all the zone work. */
    public int logicalZoneCount() {
        return Math.max(1, logical);
    }

    public int physicalZoneCount() {
        return Math.max(1, physical);
    }

    public int hashZoneCount() {
        return Math.max(1, hash);
    }

    /**
     * The threads dm-vdo starts for this configuration, named as {@code get_thread_name} names them,
     * in {@code initialize_thread_config}'s order. The ack and cpu "threads" are one round-robin queue
     * each: with one worker it is called "ackQ"/"cpuQ", with more "cpuQ0", "cpuQ1".. as
     * {@code vdo_make_work_queue} names them.
     */
    public List<String> threadNames() {
        List<String> n = new ArrayList<>();
        if (singleZoneThread()) {
            n.add("reqQ");
        } else {
            n.add("journalQ");
            n.add("packerQ");
            numbered(n, "logQ", logical);
            numbered(n, "physQ", physical);
            numbered(n, "hashQ", hash);
        }
        n.add("dedupeQ");
        roundRobin(n, "ackQ", ack);
        roundRobin(n, "cpuQ", cpu);
        numbered(n, "bioQ", bio);
        return n;
    }

    private static void roundRobin(List<String> names, String name, int count) {
        if (count == 1) {
            names.add(name);
        } else {
            numbered(names, name, count);
        }
    }

    private static void numbered(List<String> names, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            names.add(prefix + i);
        }
    }

    /** The thread config string, every key, e.g. {@code ack=1,bio=4,bioRotationInterval=64,cpu=1,hash=0,logical=0,physical=0}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ack=%d,bio=%d,bioRotationInterval=%d,cpu=%d,hash=%d,logical=%d,physical=%d",
                ack, bio, bioRotationInterval, cpu, hash, logical, physical);
    }
}
