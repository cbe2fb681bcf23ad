package dev.vigil.web.ui;

import gg.jte.TemplateOutput;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A rendered page as UTF-8, in blocks of 64 KiB: written without a String or an array per write,
 * answered without copying it into one array (a board of 10,000 jobs is 9 MB). Encodes as
 * {@code String.getBytes(UTF_8)} does, an unpaired surrogate included (as {@code '?'}).
 */
final class HtmlBytes implements TemplateOutput {
    private static final int BLOCK = 1 << 16;
    private final List<byte[]> blocks = new ArrayList<>();
    private byte[] block = new byte[BLOCK];
    private int pos;

    @Override
    public void writeContent(String s) {
        writeContent(s, 0, s.length());
    }

    @Override
    public void writeContent(String s, int begin, int end) {
        for (int i = begin; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                put(c);
            } else if (c < 0x800) {
                put(0xC0 | c >> 6);
                put(0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                put(0xE0 | c >> 12);
                put(0x80 | c >> 6 & 0x3F);
                put(0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                put(0xF0 | cp >> 18);
                put(0x80 | cp >> 12 & 0x3F);
                put(0x80 | cp >> 6 & 0x3F);
                put(0x80 | cp & 0x3F);
            } else {
                put('?');
            }
        }
    }

    @Override
    public void writeBinaryContent(byte[] bytes) {
        for (byte b : bytes) put(b);
    }

    private void put(int b) {
        if (pos == BLOCK) {
            blocks.add(block);
            block = new byte[BLOCK];
            pos = 0;
        }
        block[pos++] = (byte) b;
    }

    int size() {
        return blocks.size() * BLOCK + pos;
    }

    /** The bytes written so far, block after block; each read fills as much of the buffer as there is. */
    InputStream stream() {
        List<byte[]> all = new ArrayList<>(blocks);
        all.add(block);
        int total = size();
        return new InputStream() {
            private int at;

            @Override
            public int read() {
                return at == total ? -1 : all.get(at / BLOCK)[at++ % BLOCK] & 0xFF;
            }

            @Override
            public int read(byte[] into, int off, int len) {
                if (len == 0) return 0;
                if (at == total) return -1;
                int n = Math.min(len, total - at);
                for (int done = 0; done < n; ) {
                    int inBlock = Math.min(n - done, BLOCK - at % BLOCK);
                    System.arraycopy(all.get(at / BLOCK), at % BLOCK, into, off + done, inBlock);
                    done += inBlock;
                    at += inBlock;
                }
                return n;
            }
        };
    }
}
