package io.vdobench.vdo;

import static io.vdobench.vdo.format.VdoConstants.BLOCK_SIZE;

import io.vdobench.vdo.format.FragmentLocation;
import io.vdobench.vdo.packer.PackerBatch;
import io.vdobench.vdo.policy.CompressionResult;

/** Per-thread buffers: the steady-state write and read paths allocate nothing. */
final class Scratch {
    final PackerBatch batch = new PackerBatch();
    final CompressionResult result = new CompressionResult();
    final FragmentLocation location = new FragmentLocation();
    final byte[] block = new byte[BLOCK_SIZE];
    final byte[] out = new byte[BLOCK_SIZE];
    final Object readToken = new Object();
    /** Set once the current write's data_vio belongs to the packer (error handling must not touch it). */
    boolean handedOff;
}
