package io.vdobench.ffm.cpu;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The CPU libraries reached over FFM: ISA-L (levels 0, 1, 3), libdeflate (1, 6, 9, 12), the system
 * zlib with a 4 KiB window (1, 6, 9) and liblz4 ({@code lz4:impl=ffm}). A missing library makes its
 * variants report themselves unavailable with the reason; nothing here throws.
 */
public final class NativeCpuCodecProvider implements CodecProvider {

    @Override
    public List<Codec> codecs() {
        List<Codec> all = new ArrayList<>();
        all.add(new Lz4FfmCodec());
        for (int level : IsalCodec.LEVELS) {
            all.add(new IsalCodec(level));
        }
        for (int level : LibdeflateCodec.LEVELS) {
            all.add(new LibdeflateCodec(level));
        }
        for (int level : SystemZlibCodec.LEVELS) {
            all.add(new SystemZlibCodec(level));
        }
        return all;
    }
}
