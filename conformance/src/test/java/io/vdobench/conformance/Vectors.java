package io.vdobench.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the data files under src/test/resources/vectors. */
final class Vectors {
    private Vectors() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Non-comment lines of a TSV, split on tabs. */
    static List<String[]> tsv(String name) {
        List<String[]> rows = new ArrayList<>();
        for (String line : new String(bytes(name), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }

    /** Applies {@code offset=hex,offset=hex} edits to a copy of {@code block}. */
    static byte[] edit(byte[] block, String edits) {
        byte[] b = block.clone();
        if (edits.equals("-")) {
            return b;
        }
        for (String e : edits.split(",")) {
            String[] kv = e.split("=");
            byte[] v = HexFormat.of().parseHex(kv[1]);
            System.arraycopy(v, 0, b, Integer.parseInt(kv[0]), v.length);
        }
        return b;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
