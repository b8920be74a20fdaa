package dev.vigil.worker.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the worker logs while it is open: every record of a logger (System.Logger goes to java.util.logging here)
 * and, for {@link #everything()}, also what is printed on System.err, so a test can assert that a value was never
 * logged.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final StringBuffer text = new StringBuffer();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            text.append(r.getLevel())
                    .append(' ')
                    .append(r.getLoggerName())
                    .append(": ")
                    .append(r.getMessage());
            if (r.getThrown() != null) {
                text.append(' ').append(r.getThrown());
            }
            text.append('\n');
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final PrintStream originalErr;
    private final ByteArrayOutputStream err;

    private LogCapture(Logger logger, boolean stderr) {
        this.logger = logger;
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        if (stderr) {
            originalErr = System.err;
            err = new ByteArrayOutputStream();
            System.setErr(new PrintStream(new TeeStream(originalErr, err), true, StandardCharsets.UTF_8));
        } else {
            originalErr = null;
            err = null;
        }
    }

    public static LogCapture of(Class<?> type) {
        return new LogCapture(Logger.getLogger(type.getName()), false);
    }

    /** Every logger, and System.err. */
    public static LogCapture everything() {
        return new LogCapture(Logger.getLogger(""), true);
    }

    public String text() {
        return text + (err == null ? "" : err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        if (originalErr != null) {
            System.setErr(originalErr);
        }
    }

    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            synchronized (b) {
                b.write(c);
            }
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            synchronized (b) {
                b.write(buf, off, len);
            }
        }
    }
}
