package dev.ecomstream.producers.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * Decodes a UTF-8 file without stopping at bytes that are not UTF-8: each invalid sequence becomes U+FFFD
 * and is remembered with its byte offset and physical line, so the reader of the CSV can reject exactly the
 * row that holds it and go on with the rest of the file. A plain {@code InputStreamReader} either throws,
 * losing the position and ending the run, or replaces silently, publishing altered text.
 *
 * <p>A leading byte order mark is skipped. Also counts the bytes consumed, for progress as a share of the
 * file size.
 */
final class Utf8DecodingReader extends Reader {

    /** An invalid byte sequence: where it is in the file, and its first byte. */
    record InvalidSequence(long line, long byteOffset, int firstByte) {

        String describe() {
            return String.format("byte 0x%02X at byte offset %d", firstByte, byteOffset);
        }
    }

    private static final int BUFFER_BYTES = 1 << 16;
    /*
     * The JDK's UTF-8 decoder copies a leading run of ASCII in bulk but goes byte by byte from the first
     * other character to the end of its input; decoding in small slices brings each slice back to the bulk
     * copy, which more than halves the decoding time of text with the odd accented name.
     */
    private static final int DECODE_SLICE_BYTES = 256;

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private final ArrayDeque<InvalidSequence> invalid = new ArrayDeque<>();
    private long bytesBeforeBuffer;
    private long line = 1;
    private boolean endOfInput;
    private boolean flushed;
    private char pendingLowSurrogate;

    Utf8DecodingReader(InputStream in) {
        this.in = in;
    }

    /** Bytes taken from the file so far (the decoder reads ahead of the CSV parser by up to 64 KiB). */
    long bytesRead() {
        return bytesBeforeBuffer + bytes.limit();
    }

    /**
     * Removes and returns the first invalid sequence on a line up to {@code lastLine}, or null when there is
     * none. Sequences on earlier lines than the caller asks about are returned too, so none is ever skipped.
     */
    InvalidSequence takeInvalidUpTo(long lastLine) {
        InvalidSequence first = invalid.peekFirst();
        if (first == null || first.line() > lastLine) {
            return null;
        }
        // Further sequences in the same row add nothing to its rejection; drop them with it.
        InvalidSequence taken = invalid.pollFirst();
        while (!invalid.isEmpty() && invalid.peekFirst().line() <= lastLine) {
            invalid.pollFirst();
        }
        return taken;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(target, offset, length);
        if (pendingLowSurrogate != 0) {
            out.put(pendingLowSurrogate);
            pendingLowSurrogate = 0;
        }
        while (out.hasRemaining() && !flushed) {
            int available = bytes.limit();
            int sliceEnd = Math.min(available, bytes.position() + DECODE_SLICE_BYTES);
            bytes.limit(sliceEnd);
            CoderResult result;
            try {
                result = decoder.decode(bytes, out, endOfInput && sliceEnd == available);
            } finally {
                bytes.limit(available);
            }
            if (result.isError()) {
                if (!out.hasRemaining()) {
                    break; // the same sequence is reported again on the next call
                }
                // Ties the sequence to the physical line the CSV parser will report for its row.
                countLines(target, offset, out.position());
                int at = bytes.position();
                invalid.addLast(new InvalidSequence(line, bytesBeforeBuffer + at, bytes.get(at) & 0xFF));
                out.put('\uFFFD');
                bytes.position(at + result.length());
                return out.position() - offset;
            }
            if (result.isOverflow()) {
                if (out.position() == offset) {
                    splitSurrogatePair(out);
                }
                break;
            }
            if (sliceEnd < available) {
                continue; // the rest of the buffer, or a sequence cut at the slice's end, in the next slice
            }
            if (endOfInput) {
                decoder.flush(out);
                flushed = true;
            } else {
                fill();
            }
        }
        countLines(target, offset, out.position());
        int decoded = out.position() - offset;
        return decoded == 0 && flushed ? -1 : decoded;
    }

    /*
     * A read of one char met a character outside the BMP, which takes two: the first half is returned now and
     * the second on the next read, as the Reader contract has no room for "nothing read".
     */
    private void splitSurrogatePair(CharBuffer out) {
        CharBuffer pair = CharBuffer.allocate(2);
        decoder.decode(bytes, pair, false);
        out.put(pair.get(0));
        pendingLowSurrogate = pair.get(1);
    }

    private void countLines(char[] chars, int from, int to) {
        for (int i = from; i < to; i++) {
            if (chars[i] == '\n') {
                line++;
            }
        }
    }

    private void fill() throws IOException {
        bytesBeforeBuffer += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
        if (bytesBeforeBuffer == 0 && bytes.position() == 0 && bytes.remaining() >= 3
                && (bytes.get(0) & 0xFF) == 0xEF && (bytes.get(1) & 0xFF) == 0xBB && (bytes.get(2) & 0xFF) == 0xBF) {
            bytes.position(3); // the byte order mark is not part of the header
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
