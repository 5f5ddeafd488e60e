package io.vdobench.conformance;

/**
 * Parses a raw DEFLATE stream (RFC 1951) completely and reports what a decoder needs to accept it:
 * the largest match distance, the block types used, the decoded length. It is a full decoder (it
 * rebuilds the output to resolve nothing but to check every distance against the bytes produced so
 * far), written from the RFC, independent of every library under test. The conformance matrix derives
 * its expectations from it: an IAA/QPL decoder must accept a stream iff {@link Result#maxDistance()}
 * is at most {@link #IAA_WINDOW}.
 */
public final class DeflateStreamAnalyser {
    /** The history window IAA (and libqpl's software path) decodes: 4 KiB. */
    public static final int IAA_WINDOW = 4096;

    /**
     * @param outputLength bytes the stream decodes to
     * @param inputBytes   bytes consumed up to and including the final block (rounded up to a byte)
     * @param maxDistance  largest back-reference distance used (0 if none)
     * @param stored       number of stored blocks
     * @param fixed        number of fixed-Huffman blocks
     * @param dynamic      number of dynamic-Huffman blocks
     */
    public record Result(int outputLength, int inputBytes, int maxDistance, int stored, int fixed, int dynamic) {
        public boolean fitsIaaWindow() {
            return maxDistance <= IAA_WINDOW;
        }

        public String blockTypes() {
            return "stored=" + stored + " fixed=" + fixed + " dynamic=" + dynamic;
        }
    }

    /** The stream is not valid DEFLATE (or decodes to more than the caller's limit). */
    public static final class MalformedDeflateException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedDeflateException(String message) {
            super(message);
        }
    }

    private static final int[] LEN_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
        35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LEN_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
        3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    private static final int[] DIST_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
        257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DIST_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
        7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    private static final int[] CL_ORDER = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

    private final byte[] in;
    private final int end;
    private int pos;
    private int bitBuf;
    private int bitCnt;
    private final byte[] out;
    private int outLen;
    private int maxDistance;

    private DeflateStreamAnalyser(byte[] in, int off, int len, int maxOutput) {
        this.in = in;
        this.pos = off;
        this.end = off + len;
        this.out = new byte[maxOutput];
    }

    /** Analyses a whole stream; fails if it decodes to more than {@code maxOutput} bytes. */
    public static Result analyse(byte[] src, int off, int len, int maxOutput) {
        return new DeflateStreamAnalyser(src, off, len, maxOutput).run(off);
    }

    public static Result analyse(byte[] src, int maxOutput) {
        return analyse(src, 0, src.length, maxOutput);
    }

    /** Decodes a stream, returning its output (for tests that need the bytes as well). */
    public static byte[] decode(byte[] src, int off, int len, int maxOutput) {
        DeflateStreamAnalyser a = new DeflateStreamAnalyser(src, off, len, maxOutput);
        a.run(off);
        return java.util.Arrays.copyOf(a.out, a.outLen);
    }

    private Result run(int start) {
        int stored = 0;
        int fixed = 0;
        int dynamic = 0;
        boolean last;
        do {
            last = bits(1) == 1;
            int type = bits(2);
            switch (type) {
                case 0 -> {
                    stored();
                    stored++;
                }
                case 1 -> {
                    codes(FIXED_LIT, FIXED_DIST);
                    fixed++;
                }
                case 2 -> {
                    Huffman[] t = dynamicTables();
                    codes(t[0], t[1]);
                    dynamic++;
                }
                default -> throw new MalformedDeflateException("invalid block type 3");
            }
        } while (!last);
        return new Result(outLen, pos - start, maxDistance, stored, fixed, dynamic);
    }

    private int bits(int need) {
        int val = bitBuf;
        while (bitCnt < need) {
            if (pos >= end) {
                throw new MalformedDeflateException("stream truncated");
            }
            val |= (in[pos++] & 0xff) << bitCnt;
            bitCnt += 8;
        }
        bitBuf = val >>> need;
        bitCnt -= need;
        return val & ((1 << need) - 1);
    }

    private void stored() {
        bitBuf = 0;
        bitCnt = 0;
        if (pos + 4 > end) {
            throw new MalformedDeflateException("stored block header truncated");
        }
        int len = (in[pos] & 0xff) | (in[pos + 1] & 0xff) << 8;
        int nlen = (in[pos + 2] & 0xff) | (in[pos + 3] & 0xff) << 8;
        pos += 4;
        if (len != (~nlen & 0xffff)) {
            throw new MalformedDeflateException("stored block length does not match its complement");
        }
        if (pos + len > end) {
            throw new MalformedDeflateException("stored block truncated");
        }
        if (outLen + len > out.length) {
            throw new MalformedDeflateException("output exceeds " + out.length + " bytes");
        }
        System.arraycopy(in, pos, out, outLen, len);
        outLen += len;
        pos += len;
    }

    /** Canonical Huffman decoding table (puff style: counts per length, symbols in canonical order). */
    private static final class Huffman {
        final short[] count = new short[16];
        final short[] symbol;

        Huffman(int[] lengths, int n) {
            symbol = new short[n];
            for (int i = 0; i < n; i++) {
                count[lengths[i]]++;
            }
            int left = 1;
            for (int len = 1; len < 16; len++) {
                left <<= 1;
                left -= count[len];
                if (left < 0) {
                    throw new MalformedDeflateException("over-subscribed Huffman code");
                }
            }
            short[] offs = new short[16];
            for (int len = 1; len < 15; len++) {
                offs[len + 1] = (short) (offs[len] + count[len]);
            }
            for (int i = 0; i < n; i++) {
                if (lengths[i] != 0) {
                    symbol[offs[lengths[i]]++] = (short) i;
                }
            }
        }
    }

    private static final Huffman FIXED_LIT;
    private static final Huffman FIXED_DIST;

    static {
        int[] l = new int[288];
        for (int i = 0; i < 144; i++) {
            l[i] = 8;
        }
        for (int i = 144; i < 256; i++) {
            l[i] = 9;
        }
        for (int i = 256; i < 280; i++) {
            l[i] = 7;
        }
        for (int i = 280; i < 288; i++) {
            l[i] = 8;
        }
        FIXED_LIT = new Huffman(l, 288);
        int[] d = new int[30];
        java.util.Arrays.fill(d, 5);
        FIXED_DIST = new Huffman(d, 30);
    }

    private int decode(Huffman h) {
        int code = 0;
        int first = 0;
        int index = 0;
        for (int len = 1; len < 16; len++) {
            code |= bits(1);
            int count = h.count[len];
            if (code - count < first) {
                return h.symbol[index + (code - first)];
            }
            index += count;
            first += count;
            first <<= 1;
            code <<= 1;
        }
        throw new MalformedDeflateException("invalid Huffman code");
    }

    private Huffman[] dynamicTables() {
        int nlen = bits(5) + 257;
        int ndist = bits(5) + 1;
        int ncode = bits(4) + 4;
        if (nlen > 286 || ndist > 30) {
            throw new MalformedDeflateException("bad code counts " + nlen + "/" + ndist);
        }
        int[] lengths = new int[320];
        for (int i = 0; i < ncode; i++) {
            lengths[CL_ORDER[i]] = bits(3);
        }
        Huffman lencode = new Huffman(lengths, 19);
        if (incomplete(lencode, 19)) {
            throw new MalformedDeflateException("incomplete code-length code");
        }
        int[] all = new int[nlen + ndist];
        int index = 0;
        while (index < nlen + ndist) {
            int sym = decode(lencode);
            if (sym < 16) {
                all[index++] = sym;
            } else {
                int len = 0;
                int rep;
                if (sym == 16) {
                    if (index == 0) {
                        throw new MalformedDeflateException("repeat with no previous length");
                    }
                    len = all[index - 1];
                    rep = 3 + bits(2);
                } else if (sym == 17) {
                    rep = 3 + bits(3);
                } else {
                    rep = 11 + bits(7);
                }
                if (index + rep > nlen + ndist) {
                    throw new MalformedDeflateException("too many code lengths");
                }
                while (rep-- > 0) {
                    all[index++] = len;
                }
            }
        }
        if (all[256] == 0) {
            throw new MalformedDeflateException("no end-of-block code");
        }
        int[] lit = java.util.Arrays.copyOf(all, nlen);
        int[] dist = java.util.Arrays.copyOfRange(all, nlen, nlen + ndist);
        Huffman l = new Huffman(lit, nlen);
        if (incomplete(l, nlen) && nlen - l.count[0] != 1) {
            throw new MalformedDeflateException("incomplete literal/length code");
        }
        Huffman d = new Huffman(dist, ndist);
        if (incomplete(d, ndist) && ndist - d.count[0] != 1) {
            throw new MalformedDeflateException("incomplete distance code");
        }
        return new Huffman[] {l, d};
    }

    private static boolean incomplete(Huffman h, int n) {
        int left = 1;
        for (int len = 1; len < 16; len++) {
            left <<= 1;
            left -= h.count[len];
        }
        return left > 0;
    }

    private void codes(Huffman lit, Huffman dist) {
        while (true) {
            int sym = decode(lit);
            if (sym < 256) {
                if (outLen >= out.length) {
                    throw new MalformedDeflateException("output exceeds " + out.length + " bytes");
                }
                out[outLen++] = (byte) sym;
            } else if (sym == 256) {
                return;
            } else {
                sym -= 257;
                if (sym >= 29) {
                    throw new MalformedDeflateException("invalid length symbol");
                }
                int len = LEN_BASE[sym] + bits(LEN_EXTRA[sym]);
                int ds = decode(dist);
                if (ds >= 30) {
                    throw new MalformedDeflateException("invalid distance symbol");
                }
                int d = DIST_BASE[ds] + bits(DIST_EXTRA[ds]);
                if (d > outLen) {
                    throw new MalformedDeflateException("distance " + d + " reaches before the start of the output");
                }
                if (outLen + len > out.length) {
                    throw new MalformedDeflateException("output exceeds " + out.length + " bytes");
                }
                maxDistance = Math.max(maxDistance, d);
                for (int i = 0; i < len; i++) {
                    out[outLen] = out[outLen - d];
                    outLen++;
                }
            }
        }
    }
}
