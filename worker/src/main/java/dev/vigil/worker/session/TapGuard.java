package dev.vigil.worker.session;

import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;

/** A {@link MediaTap} that is switched off the first time it throws: a tap's failure never reaches the session. */
final class TapGuard implements MediaTap {

    private static final System.Logger LOG = System.getLogger(TapGuard.class.getName());

    private final MediaTap tap;
    private final String session;
    private volatile boolean off;

    private TapGuard(MediaTap tap, String session) {
        this.tap = tap;
        this.session = session;
    }

    static MediaTap of(MediaTap tap, String session) {
        return tap == null || tap == MediaTap.NONE ? MediaTap.NONE : new TapGuard(tap, session);
    }

    @Override
    public void onConnected(MediaSource source) {
        run(() -> tap.onConnected(source));
    }

    @Override
    public void onPacket(Packet packet, double sessionSec) {
        if (!off) {
            try {
                tap.onPacket(packet, sessionSec);
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    @Override
    public void onDisconnected() {
        run(tap::onDisconnected);
    }

    @Override
    public void onVideo(VideoFeatures features) {
        run(() -> tap.onVideo(features));
    }

    @Override
    public void onAudio(AudioBlock block) {
        run(() -> tap.onAudio(block));
    }

    private void run(Runnable call) {
        if (!off) {
            try {
                call.run();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void failed(RuntimeException e) {
        off = true;
        LOG.log(
                System.Logger.Level.WARNING,
                "media tap " + tap.getClass().getSimpleName() + " of " + session + " switched off: " + e);
    }
}
