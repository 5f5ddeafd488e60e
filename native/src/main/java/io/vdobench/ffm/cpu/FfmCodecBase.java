package io.vdobench.ffm.cpu;

import io.vdobench.codec.Codec;
import io.vdobench.codec.CodecInfo;
import io.vdobench.codec.CodecUnavailableException;
import io.vdobench.codec.CompressionAlgorithm;
import io.vdobench.codec.ExecutionPath;

/** Identity and the "can it run" check shared by the FFM codecs of this package. */
abstract class FfmCodecBase implements Codec {
    protected final CodecInfo info;

    FfmCodecBase(String name, String variant, CompressionAlgorithm algorithm, LibraryStatus status) {
        this.info = status.loaded()
                ? CodecInfo.available(name, variant, algorithm, ExecutionPath.FFM, status.library(), status.version())
                : CodecInfo.unavailable(name, variant, algorithm, status.library(), status.reason());
    }

    @Override
    public final CodecInfo info() {
        return info;
    }

    /** Fails fast, before any state is created, when the library is missing. */
    final void checkAvailable() {
        if (!info.available()) {
            throw new CodecUnavailableException(info.id() + " unavailable: " + info.reason());
        }
    }
}
