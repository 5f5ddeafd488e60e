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
    /** Where a packed candidate is decoded for verification. */
    final byte[] out = new byte[BLOCK_SIZE];
}
