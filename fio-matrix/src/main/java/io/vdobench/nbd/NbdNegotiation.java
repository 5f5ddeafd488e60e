package io.vdobench.nbd;

import static io.vdobench.nbd.NbdProtocol.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The server side of fixed newstyle negotiation for one connection.
 *
 * <p>Supported options: EXPORT_NAME, GO and INFO (replying NBD_INFO_EXPORT, NBD_INFO_BLOCK_SIZE
 * always, NBD_INFO_NAME / NBD_INFO_DESCRIPTION when asked), LIST, ABORT. Everything else (STARTTLS,
 * STRUCTURED_REPLY, meta contexts, extended headers, unknown numbers) gets NBD_REP_ERR_UNSUP, so
 * the client falls back to simple replies and compact headers.
 *
 * <p>Hard disconnects (the spec allows them for violations of a MUST): bad IHAVEOPT magic, unknown
 * client flags, EXPORT_NAME for an unknown export (the spec requires it), more than
 * {@link #MAX_OPTIONS} options. Option data above {@link #MAX_OPTION_DATA} is drained and answered
 * with NBD_REP_ERR_TOO_BIG, so a hostile length cannot make the server allocate.
 */
final class NbdNegotiation {
    static final int MAX_OPTION_DATA = 64 * 1024;
    static final int MAX_OPTIONS = 1024;
    private static final int MAX_STRING = 4096;

    /** Raised for a client that broke a MUST; the connection is dropped. */
    static final class ProtocolViolation extends IOException {
        private static final long serialVersionUID = 1L;

        ProtocolViolation(String message) {
            super(message);
        }
    }

    private final SocketChannel ch;
    private final NbdExport export;
    private final ByteBuffer small = ByteBuffer.allocate(16);

    NbdNegotiation(SocketChannel ch, NbdExport export) {
        this.ch = ch;
        this.export = export;
    }

    /**
     * Runs the handshake. Returns true if the client entered transmission, false after a soft
     * disconnect (NBD_OPT_ABORT). Throws on hard-disconnect conditions.
     */
    boolean run() throws IOException {
        ByteBuffer hello = ByteBuffer.allocate(18);
        hello.putLong(NBDMAGIC).putLong(IHAVEOPT).putShort((short) (FLAG_FIXED_NEWSTYLE | FLAG_NO_ZEROES)).flip();
        NbdWire.writeFully(ch, hello);

        int clientFlags = readInt("client flags");
        if ((clientFlags & ~(FLAG_C_FIXED_NEWSTYLE | FLAG_C_NO_ZEROES)) != 0) {
            throw new ProtocolViolation(String.format("unknown client flags 0x%08x", clientFlags));
        }
        boolean noZeroes = (clientFlags & FLAG_C_NO_ZEROES) != 0;

        for (int count = 0; count < MAX_OPTIONS; count++) {
            long magic = readLong("option magic");
            if (magic != IHAVEOPT) {
                throw new ProtocolViolation(String.format("bad option magic 0x%016x", magic));
            }
            int option = readInt("option type");
            long length = Integer.toUnsignedLong(readInt("option length"));

            if (option == OPT_EXPORT_NAME) {
                if (length > MAX_STRING) {
                    throw new ProtocolViolation("export name of " + length + " bytes");
                }
                String name = new String(readBytes((int) length, "export name"), StandardCharsets.UTF_8);
                if (!export.matches(name)) {
                    // EXPORT_NAME cannot carry an error: the spec requires terminating the session.
                    throw new ProtocolViolation("NBD_OPT_EXPORT_NAME for unknown export '" + name + "'");
                }
                ByteBuffer reply = ByteBuffer.allocate(10 + (noZeroes ? 0 : EXPORT_NAME_ZEROES));
                reply.putLong(export.sizeBytes()).putShort((short) export.transmissionFlags());
                reply.position(reply.capacity()).flip();
                NbdWire.writeFully(ch, reply);
                return true;
            }
            if (length > MAX_OPTION_DATA) {
                NbdWire.drain(ch, length, ByteBuffer.allocate(8192), "option data");
                reply(option, REP_ERR_TOO_BIG, "option data of " + length + " bytes is too large");
                continue;
            }
            byte[] data = readBytes((int) length, "option data");
            switch (option) {
                case OPT_ABORT -> {
                    try {
                        reply(option, REP_ACK, "");
                    } catch (IOException ignored) {
                        // The client may close without waiting for the ACK (the spec allows it).
                    }
                    return false;
                }
                case OPT_LIST -> {
                    if (data.length != 0) {
                        reply(option, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
                    } else {
                        byte[] name = export.name().getBytes(StandardCharsets.UTF_8);
                        reply(option, REP_SERVER, ByteBuffer.allocate(4 + name.length).putInt(name.length).put(name).array());
                        reply(option, REP_ACK, "");
                    }
                }
                case OPT_INFO, OPT_GO -> {
                    if (infoOrGo(option, data) && option == OPT_GO) {
                        return true;
                    }
                }
                default -> reply(option, REP_ERR_UNSUP, "option " + option + " is not supported by this server");
            }
        }
        throw new ProtocolViolation("more than " + MAX_OPTIONS + " options");
    }

    /** Answers NBD_OPT_INFO / NBD_OPT_GO; returns true if it ended with NBD_REP_ACK. */
    private boolean infoOrGo(int option, byte[] data) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(data);
        if (data.length < 6) {
            reply(option, REP_ERR_INVALID, "option data shorter than 6 bytes");
            return false;
        }
        long nameLength = Integer.toUnsignedLong(in.getInt());
        if (nameLength > data.length - 6) {
            reply(option, REP_ERR_INVALID, "export name length exceeds the option data");
            return false;
        }
        byte[] nameBytes = new byte[(int) nameLength];
        in.get(nameBytes);
        int requests = Short.toUnsignedInt(in.getShort());
        if (in.remaining() != 2 * requests) {
            reply(option, REP_ERR_INVALID, "information request count does not match the option length");
            return false;
        }
        boolean wantName = false;
        boolean wantDescription = false;
        for (int i = 0; i < requests; i++) {
            int info = Short.toUnsignedInt(in.getShort());
            wantName |= info == INFO_NAME;
            wantDescription |= info == INFO_DESCRIPTION;
        }
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        if (!export.matches(name)) {
            reply(option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
            return false;
        }
        reply(option, REP_INFO, ByteBuffer.allocate(12).putShort((short) INFO_EXPORT)
                .putLong(export.sizeBytes()).putShort((short) export.transmissionFlags()).array());
        // Sent even when not requested (allowed): our minimum block size is not the default of 1.
        reply(option, REP_INFO, ByteBuffer.allocate(14).putShort((short) INFO_BLOCK_SIZE)
                .putInt(export.blockSize()).putInt(export.blockSize()).putInt(export.maxPayload()).array());
        if (wantName) {
            reply(option, REP_INFO, typedString(INFO_NAME, export.name()));
        }
        if (wantDescription) {
            reply(option, REP_INFO, typedString(INFO_DESCRIPTION, export.description()));
        }
        reply(option, REP_ACK, "");
        return true;
    }

    private static byte[] typedString(int infoType, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + bytes.length).putShort((short) infoType).put(bytes).array();
    }

    private void reply(int option, int type, String message) throws IOException {
        reply(option, type, message.getBytes(StandardCharsets.UTF_8));
    }

    private void reply(int option, int type, byte[] data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(20);
        header.putLong(OPTION_REPLY_MAGIC).putInt(option).putInt(type).putInt(data.length).flip();
        NbdWire.writeFully(ch, header, ByteBuffer.wrap(data));
    }

    private int readInt(String what) throws IOException {
        small.clear().limit(4);
        NbdWire.readFully(ch, small, what);
        return small.getInt(0);
    }

    private long readLong(String what) throws IOException {
        small.clear().limit(8);
        NbdWire.readFully(ch, small, what);
        return small.getLong(0);
    }

    private byte[] readBytes(int n, String what) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        NbdWire.readFully(ch, buf, what);
        return buf.array();
    }
}
