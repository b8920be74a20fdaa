package dev.vigil.worker.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg asks its interrupt callback, from inside blocking I/O, whether to give up. JavaCPP can only allocate
 * a handful of native callback thunks per class, so every source shares one callback and is found again by
 * the opaque pointer FFmpeg hands back.
 */
final class InterruptRegistry {

    private static final Map<Long, BooleanSupplier> SOURCES = new ConcurrentHashMap<>();
    private static final Callback CALLBACK = new Callback();

    private InterruptRegistry() {}

    static void register(Pointer token, BooleanSupplier shouldInterrupt) {
        SOURCES.put(token.address(), shouldInterrupt);
    }

    static void unregister(Pointer token) {
        SOURCES.remove(token.address());
    }

    static AVIOInterruptCB.Callback_Pointer callback() {
        return CALLBACK;
    }

    private static final class Callback extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            BooleanSupplier source = opaque == null ? null : SOURCES.get(opaque.address());
            return source != null && source.getAsBoolean() ? 1 : 0;
        }
    }
}
