package io.vdobench.ffm.qpl;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecProvider;
import io.vdobench.ffm.qpl.QplCodec.Huffman;
import io.vdobench.ffm.qpl.QplCodec.Level;
import io.vdobench.ffm.qpl.QplCodec.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * The qpl variants: software × {fixed, dynamic} × {default, high}; hardware × {fixed, dynamic}
 * (IAA, default level); auto × {fixed, dynamic}. All with verify on and a per-block reset (see
 * {@link QplCodec}). Without libqpl every variant is listed, unavailable, with the loader's reason.
 */
public final class QplCodecProvider implements CodecProvider {
    @Override
    public List<Codec> codecs() {
        List<Codec> all = new ArrayList<>();
        for (Huffman h : Huffman.values()) {
            for (Level l : Level.values()) {
                all.add(new QplCodec(Options.of(QplPath.SOFTWARE, h, l)));
            }
        }
        for (Huffman h : Huffman.values()) {
            all.add(new QplCodec(Options.of(QplPath.HARDWARE, h, Level.DEFAULT)));
        }
        for (Huffman h : Huffman.values()) {
            all.add(new QplCodec(Options.of(QplPath.AUTO, h, Level.DEFAULT)));
        }
        return all;
    }
}
