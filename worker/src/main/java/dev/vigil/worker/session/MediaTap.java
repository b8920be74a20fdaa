package dev.vigil.worker.session;

import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import java.util.List;

/**
 * Work beside the detectors that needs a session's media but finds no defects: evidence capture keeps the
 * compressed packets of the last seconds, a report draws curves of what the analysis measured. The packet calls
 * run on the decode thread and must be quick (a tap that falls behind drops its own work, it never holds the
 * decoder up); the media calls run on the session's lane, in order with the detectors. A tap that throws is
 * taken out; the session goes on.
 */
public interface MediaTap {

    MediaTap NONE = new MediaTap() {};

    /** Decode thread: a connection was made; its streams are {@code source.stream(kind)}. */
    default void onConnected(MediaSource source) {}

    /**
     * Decode thread: every demuxed packet of the decoded streams, in arrival order.
     *
     * @param sessionSec where the packet falls on the session timeline (its own timestamp mapped the way the
     *                   decoded pictures are), or the newest media time when it has no timestamp
     */
    default void onPacket(Packet packet, double sessionSec) {}

    /** Decode thread: the connection ended (end of the media, a drop, or the session stopping). */
    default void onDisconnected() {}

    /** Lane: what the analysis derived from a picture, after the detectors saw it. */
    default void onVideo(VideoFeatures features) {}

    /** Lane: a decoded audio block, after the detectors saw it. */
    default void onAudio(AudioBlock block) {}

    /** Several taps as one, called in order. */
    static MediaTap all(List<MediaTap> taps) {
        List<MediaTap> list = taps.stream().filter(t -> t != null && t != NONE).toList();
        if (list.isEmpty()) {
            return NONE;
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        return new MediaTap() {
            @Override
            public void onConnected(MediaSource source) {
                list.forEach(t -> t.onConnected(source));
            }

            @Override
            public void onPacket(Packet packet, double sessionSec) {
                for (int i = 0; i < list.size(); i++) {
                    list.get(i).onPacket(packet, sessionSec);
                }
            }

            @Override
            public void onDisconnected() {
                list.forEach(MediaTap::onDisconnected);
            }

            @Override
            public void onVideo(VideoFeatures features) {
                list.forEach(t -> t.onVideo(features));
            }

            @Override
            public void onAudio(AudioBlock block) {
                list.forEach(t -> t.onAudio(block));
            }
        };
    }
}
