package io.vdobench.conformance;

import io.vdobench.codec.Codec;
import io.vdobench.codec.Codecs;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.conformance.DeflateStreamAnalyser.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The directional DEFLATE cross-decompression matrix: every DEFLATE producer × every consumer × the
 * {@link Corpus}. The expected result of each cell is <em>derived</em>, not listed: the producer's
 * stream is parsed by {@link DeflateStreamAnalyser}, and
 * <ul>
 * <li>a full-window consumer (zlib, ISA-L, libdeflate, the JDK's Inflater) must decode every valid
 *     RFC 1951 stream byte-exactly;</li>
 * <li>an IAA-window consumer (libqpl, software or hardware) must decode iff the stream's largest match
 *     distance is at most 4096, and otherwise fail with {@link #IAA_DISTANCE_FAILURE}.</li>
 * </ul>
 */
public final class CrossDecompressionMatrix {
    /**
     * What libqpl 1.9.0 reports for a stream with a distance beyond 4 KiB, as the codec surfaces it:
     * {@code QplCorruptFragmentException} with status {@code QPL_STS_BAD_DIST_ERR (217)}. Measured on the
     * software path (this suite's first run); IAA hardware is documented to reject such streams as well,
     * not verified here.
     */
    public static final String IAA_DISTANCE_FAILURE = "failed:QplCorruptFragmentException/QPL_STS_BAD_DIST_ERR";

    /** A decoder under test; {@code iaaWindow} = accepts only distances ≤ 4096. */
    public record Consumer(String name, Codec codec, boolean iaaWindow) {
    }

    /** A cell's expectation: {@code decode}, or {@code fail} with an exact outcome label. */
    public record Expectation(boolean decode, String failure, String rule) {
        public String column() {
            return decode ? "decode" : "fail";
        }

        public boolean matches(Outcome o) {
            return decode ? o.decoded() : o.label().equals(failure);
        }
    }

    /** Consumer names, codec ids behind them. */
    static final String[][] CONSUMERS = {
        {"jdk-inflater", "zlib:impl=jdk,level=6", "false"},
        {"zlib-ffm-inflate", "zlib:impl=ffm,window=4k,level=6", "false"},
        {"isal-inflate", "isal:level=1", "false"},
        {"libdeflate-decompress", "libdeflate:level=6", "false"},
        {"qpl-software-decompress", "qpl:path=software,huffman=fixed,level=default,verify=on", "true"},
        {"qpl-hardware-decompress", "qpl:path=hardware,huffman=fixed,level=default,verify=on", "true"},
    };

    private CrossDecompressionMatrix() {
    }

    /**
     * Every DEFLATE codec the registry lists, available or not (unavailable ones become skipped cells
     * with their reason). {@code qpl:path=auto} is left out: it resolves to one of the explicit paths,
     * which are already producers.
     */
    public static List<Codec> producers(Codecs codecs) {
        return codecs.all().stream()
                .filter(c -> c.algorithm().isDeflate())
                .filter(c -> !c.id().contains("path=auto"))
                .toList();
    }

    public static List<Consumer> consumers(Codecs codecs) {
        List<Consumer> out = new ArrayList<>();
        for (String[] c : CONSUMERS) {
            out.add(new Consumer(c[0], codecs.require(c[1]), Boolean.parseBoolean(c[2])));
        }
        return out;
    }

    /** The principled rule: see the class comment. */
    public static Expectation expect(Consumer consumer, Result stream) {
        if (consumer.iaaWindow() && !stream.fitsIaaWindow()) {
            return new Expectation(false, IAA_DISTANCE_FAILURE,
                    "max distance " + stream.maxDistance() + " > " + DeflateStreamAnalyser.IAA_WINDOW);
        }
        return new Expectation(true, Outcome.DECODED, consumer.iaaWindow()
                ? "max distance " + stream.maxDistance() + " <= " + DeflateStreamAnalyser.IAA_WINDOW
                : "valid RFC 1951 stream");
    }

    /** One evaluated cell. {@code violation} is null when the outcome is what the rule expects (or skipped). */
    public record Cell(ReportCsv.Row row, String violation) {
    }

    /** Runs every cell for one producer on {@code corpus}. */
    public static List<Cell> run(Codec producer, List<Consumer> consumers, List<Corpus.Entry> corpus) {
        List<Cell> cells = new ArrayList<>();
        for (Corpus.Entry e : corpus) {
            String kind = e.kind().name().toLowerCase(Locale.ROOT);
            if (!producer.info().available()) {
                for (Consumer c : consumers) {
                    // IAA output is by construction within 4 KiB: every consumer would have to decode it.
                    String expected = producer.algorithm() == CompressionAlgorithm.DEFLATE_IAA ? "decode" : "unknown";
                    cells.add(new Cell(new ReportCsv.Row(producer.id(), c.name(), e.blockSize(), kind, expected,
                            "skipped:producer-unavailable", producer.info().reason()), null));
                }
                continue;
            }
            byte[] frag = new byte[Corpus.matrixCapacity(e.blockSize())];
            int n = producer.compress(e.data(), 0, e.blockSize(), frag, 0, frag.length);
            if (n <= 0) {
                for (Consumer c : consumers) {
                    cells.add(new Cell(new ReportCsv.Row(producer.id(), c.name(), e.blockSize(), kind, "decode",
                            "skipped:does-not-fit", "capacity " + frag.length),
                            "producer returned DOES_NOT_FIT at twice the input size"));
                }
                continue;
            }
            Result stream;
            String streamViolation = null;
            try {
                stream = DeflateStreamAnalyser.analyse(frag, 0, n, e.blockSize());
                byte[] ref = DeflateStreamAnalyser.decode(frag, 0, n, e.blockSize());
                if (stream.outputLength() != e.blockSize() || stream.inputBytes() != n
                        || !java.util.Arrays.equals(ref, e.data())) {
                    streamViolation = "reference decoder: " + stream + " is not exactly the input";
                }
            } catch (DeflateStreamAnalyser.MalformedDeflateException ex) {
                stream = null;
                streamViolation = "reference decoder rejects the producer's stream: " + ex.getMessage();
            }
            for (Consumer c : consumers) {
                if (stream == null) {
                    cells.add(new Cell(new ReportCsv.Row(producer.id(), c.name(), e.blockSize(), kind, "decode",
                            "skipped:invalid-stream", streamViolation), streamViolation));
                    continue;
                }
                Expectation exp = expect(c, stream);
                Outcome o = Outcome.decode(c.codec(), frag, n, e.data());
                String detail = "len=" + n + " maxdist=" + stream.maxDistance() + " " + stream.blockTypes()
                        + "; rule: " + exp.rule() + (o.detail().isEmpty() ? "" : "; " + o.detail());
                String violation = streamViolation;
                if (violation == null && !o.skipped() && !exp.matches(o)) {
                    violation = "expected " + (exp.decode() ? "decoded" : exp.failure()) + " but got " + o.label()
                            + " (" + o.detail() + ")";
                }
                cells.add(new Cell(new ReportCsv.Row(producer.id(), c.name(), e.blockSize(), kind, exp.column(),
                        o.label(), detail), violation));
            }
        }
        return cells;
    }
}
