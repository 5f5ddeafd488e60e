package io.vdobench.ffm.cpu;

import io.vdobench.codec.Codec;

/**
 * Child-JVM entry point of {@link CodecSteadyStateAllocationTest#allocatesNothingEvenWithoutEscapeAnalysis}:
 * prints {@code # <codec id> <n> bytes} per available codec, or {@code # <codec id> unavailable: <reason>}.
 */
final class NoEscapeAnalysisProbe {
    private NoEscapeAnalysisProbe() {
    }

    public static void main(String[] args) {
        for (Codec c : new Codec[] {new Lz4FfmCodec(), new LibdeflateCodec(6)}) {
            try (c) {
                if (!c.info().available()) {
                    System.out.println("# " + c.id() + " unavailable: " + c.info().reason());
                    continue;
                }
                System.out.println("# " + c.id() + " " + CodecSteadyStateAllocationTest.measure(c) + " bytes");
            }
        }
    }
}
