package io.vdobench.codec;

import java.util.List;

/**
 * Service-provider interface: each module that implements backends lists a provider in
 * {@code META-INF/services/io.vdobench.codec.CodecProvider}. A provider whose library is missing
 * still returns its codecs, reporting themselves unavailable with the reason.
 */
public interface CodecProvider {

    /** Every variant this provider offers, available or not. Called once per {@link Codecs} load. */
    List<Codec> codecs();
}
