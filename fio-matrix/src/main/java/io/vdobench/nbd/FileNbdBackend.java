package io.vdobench.nbd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.LongAdder;

/**
 * Raw file {@link NbdBackend} (no VDO pipeline): positional reads and writes on one file, flush
 * = fsync. The file is created if absent and extended (sparsely) to the export size; an existing
 * larger file is not truncated. Trim is accepted and counted but leaves the data in place
 * (NBD allows a server to ignore trims; Java has no portable hole punching).
 */
public final class FileNbdBackend implements NbdBackend {
    private final Path path;
    private final long sizeBytes;
    private final FileChannel channel;
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder trims = new LongAdder();
    private final LongAdder flushes = new LongAdder();

    public FileNbdBackend(Path path, long sizeBytes) throws IOException {
        if (sizeBytes <= 0 || sizeBytes % VDO_BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of " + VDO_BLOCK_SIZE + ": " + sizeBytes);
        }
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (channel.size() < sizeBytes) {
                // Writing the last byte extends the file sparsely without touching existing data.
                channel.write(ByteBuffer.allocate(1), sizeBytes - 1);
            }
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long sizeBytes() {
        return sizeBytes;
    }

    @Override
    public void read(long offset, byte[] dst, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        long pos = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of " + path + " at " + pos);
            }
            pos += n;
        }
        bytesRead.add(len);
    }

    @Override
    public void write(long offset, byte[] src, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(src, off, len);
        long pos = offset;
        while (buf.hasRemaining()) {
            pos += channel.write(buf, pos);
        }
        bytesWritten.add(len);
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
        flushes.increment();
    }

    @Override
    public void trim(long offset, long len) {
        trims.increment();
    }

    @Override
    public String statistics() {
        return "backend                  : file " + path + " (raw, no compression)\n"
                + "logical blocks           : " + sizeBytes / VDO_BLOCK_SIZE + "\n"
                + "bytes read               : " + bytesRead.sum() + "\n"
                + "bytes written            : " + bytesWritten.sum() + "\n"
                + "trims (ignored)          : " + trims.sum() + "\n"
                + "flushes                  : " + flushes.sum() + "\n";
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
