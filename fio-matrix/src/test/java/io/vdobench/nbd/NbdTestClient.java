package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately small NBD client for tests: every protocol step is a method, and raw bytes can be
 * sent to misbehave on purpose. Blocking channel I/O; tests bound it with JUnit's @Timeout (an
 * interrupt closes the channel, so nothing hangs).
 */
final class NbdTestClient implements AutoCloseable {
    record Greeting(long magic, long ihaveopt, int handshakeFlags) {}

    record OptionReply(long magic, int option, int type, byte[] data) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(data);
        }
    }

    record ExportInfo(long size, int flags, int minBlock, int preferredBlock, int maxPayload, List<OptionReply> replies) {}

    record SimpleReply(int magic, int error, long handle, byte[] data) {}

    final SocketChannel ch;
    private long nextHandle = 1;

    private NbdTestClient(SocketChannel ch) {
        this.ch = ch;
    }

    static NbdTestClient connect(SocketAddress address) throws IOException {
        SocketChannel ch = address instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        ch.connect(address);
        return new NbdTestClient(ch);
    }

    /** Connects and negotiates with NBD_OPT_GO asking for the block size. */
    static NbdTestClient connectGo(SocketAddress address) throws IOException {
        NbdTestClient c = connect(address);
        c.handshake(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES);
        ExportInfo info = c.go("", INFO_BLOCK_SIZE);
        if (info == null) {
            throw new IOException("NBD_OPT_GO failed");
        }
        return c;
    }

    // ---- handshake ----

    Greeting readGreeting() throws IOException {
        ByteBuffer b = readExactly(18);
        return new Greeting(b.getLong(), b.getLong(), Short.toUnsignedInt(b.getShort()));
    }

    /** Reads the greeting and answers with the given client flags. */
    Greeting handshake(int clientFlags) throws IOException {
        Greeting g = readGreeting();
        send(ByteBuffer.allocate(4).putInt(clientFlags).array());
        return g;
    }

    void sendOption(int option, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + data.length);
        b.putLong(IHAVEOPT).putInt(option).putInt(data.length).put(data);
        send(b.array());
    }

    OptionReply readOptionReply() throws IOException {
        ByteBuffer h = readExactly(20);
        long magic = h.getLong();
        int option = h.getInt();
        int type = h.getInt();
        int len = h.getInt();
        if (len < 0 || len > 1 << 20) {
            throw new IOException("implausible option reply length " + len);
        }
        return new OptionReply(magic, option, type, readExactly(len).array());
    }

    /** Sends an option and collects replies up to the final ACK or error. */
    List<OptionReply> option(int option, byte[] data) throws IOException {
        sendOption(option, data);
        List<OptionReply> replies = new ArrayList<>();
        while (true) {
            OptionReply r = readOptionReply();
            replies.add(r);
            if (r.type() == REP_ACK || isErrorReply(r.type())) {
                return replies;
            }
        }
    }

    static byte[] infoRequest(String name, int... infos) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + n.length + 2 + 2 * infos.length);
        b.putInt(n.length).put(n).putShort((short) infos.length);
        for (int i : infos) {
            b.putShort((short) i);
        }
        return b.array();
    }

    /** NBD_OPT_GO; returns the export info on ACK, null on an error reply. */
    ExportInfo go(String name, int... infos) throws IOException {
        return infoOrGo(OPT_GO, name, infos);
    }

    ExportInfo info(String name, int... infos) throws IOException {
        return infoOrGo(OPT_INFO, name, infos);
    }

    private ExportInfo infoOrGo(int opt, String name, int... infos) throws IOException {
        List<OptionReply> replies = option(opt, infoRequest(name, infos));
        if (replies.getLast().type() != REP_ACK) {
            return null;
        }
        long size = -1;
        int flags = -1, min = 0, pref = 0, max = 0;
        for (OptionReply r : replies) {
            if (r.type() != REP_INFO) {
                continue;
            }
            ByteBuffer b = r.buffer();
            int infoType = Short.toUnsignedInt(b.getShort());
            if (infoType == INFO_EXPORT) {
                size = b.getLong();
                flags = Short.toUnsignedInt(b.getShort());
            } else if (infoType == INFO_BLOCK_SIZE) {
                min = b.getInt();
                pref = b.getInt();
                max = b.getInt();
            }
        }
        return new ExportInfo(size, flags, min, pref, max, replies);
    }

    // ---- transmission ----

    long sendRequest(int flags, int type, long offset, long length, byte[] payload) throws IOException {
        long handle = nextHandle++;
        ByteBuffer b = ByteBuffer.allocate(REQUEST_HEADER_BYTES + (payload == null ? 0 : payload.length));
        b.putInt(REQUEST_MAGIC).putShort((short) flags).putShort((short) type).putLong(handle)
                .putLong(offset).putInt((int) length);
        if (payload != null) {
            b.put(payload);
        }
        send(b.array());
        return handle;
    }

    /** Reads one simple reply; {@code dataLength} bytes follow only when the error is zero. */
    SimpleReply readReply(int dataLength) throws IOException {
        ByteBuffer h = readExactly(SIMPLE_REPLY_BYTES);
        int magic = h.getInt();
        int error = h.getInt();
        long handle = h.getLong();
        byte[] data = error == 0 && dataLength > 0 ? readExactly(dataLength).array() : new byte[0];
        return new SimpleReply(magic, error, handle, data);
    }

    private SimpleReply roundTrip(int flags, int type, long offset, long length, byte[] payload, int dataLength)
            throws IOException {
        long handle = sendRequest(flags, type, offset, length, payload);
        SimpleReply r = readReply(dataLength);
        if (r.magic() != SIMPLE_REPLY_MAGIC || r.handle() != handle) {
            throw new IOException("reply out of sync: magic " + Integer.toHexString(r.magic()) + " handle " + r.handle());
        }
        return r;
    }

    SimpleReply read(long offset, int length) throws IOException {
        return roundTrip(0, CMD_READ, offset, length, null, length);
    }

    int write(long offset, byte[] data) throws IOException {
        return write(offset, data, 0);
    }

    int write(long offset, byte[] data, int flags) throws IOException {
        return roundTrip(flags, CMD_WRITE, offset, data.length, data, 0).error();
    }

    int flush() throws IOException {
        return roundTrip(0, CMD_FLUSH, 0, 0, null, 0).error();
    }

    int trim(long offset, long length) throws IOException {
        return roundTrip(0, CMD_TRIM, offset, length, null, 0).error();
    }

    /** A request without payload of any type/flags; returns the reply error. */
    int command(int flags, int type, long offset, long length) throws IOException {
        return roundTrip(flags, type, offset, length, null, 0).error();
    }

    void disc() throws IOException {
        sendRequest(0, CMD_DISC, 0, 0, null);
    }

    // ---- raw ----

    void send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    ByteBuffer readExactly(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new EOFException("server closed after " + b.position() + " of " + n + " bytes");
            }
        }
        return b.flip();
    }

    /**
     * True if the server closes the connection (EOF or reset) within the timeout, with no data
     * first. Leaves the channel non-blocking: use it as the last step on a connection.
     */
    boolean closedByServerWithin(Duration timeout) throws IOException {
        ch.configureBlocking(false);
        try (Selector sel = Selector.open()) {
            ch.register(sel, SelectionKey.OP_READ);
            if (sel.select(timeout.toMillis()) == 0) {
                return false;
            }
            ByteBuffer one = ByteBuffer.allocate(1);
            try {
                return ch.read(one) < 0;
            } catch (IOException reset) {
                return true;
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
