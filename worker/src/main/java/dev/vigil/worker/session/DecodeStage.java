package dev.vigil.worker.session;

import dev.vigil.api.v1alpha1.StreamUnits;
import dev.vigil.worker.decode.AudioDecoder;
import dev.vigil.worker.decode.DecodeProfile;
import dev.vigil.worker.decode.DecoderException;
import dev.vigil.worker.decode.Pcm;
import dev.vigil.worker.decode.Picture;
import dev.vigil.worker.decode.VideoDecoder;
import dev.vigil.worker.decode.bitstream.PictureQuantiser;
import dev.vigil.worker.escalation.DecodeState;
import dev.vigil.worker.escalation.Escalation;
import dev.vigil.worker.media.AudioBlock;
import dev.vigil.worker.media.FrameAnalyzer;
import dev.vigil.worker.media.VideoFeatures;
import dev.vigil.worker.source.MediaKind;
import dev.vigil.worker.source.MediaSource;
import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.SourceException;
import dev.vigil.worker.source.StreamFacts;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avformat.AVStream;

/**
 * The decode and analysis stages of a session, on its decode thread: packets from the source go to the
 * probes and the decoders; each decoded picture is analysed on the spot (the decoder reuses its buffers) into
 * {@link VideoFeatures}, each audio block copied into an {@link AudioBlock}; both go to the detector lanes.
 * One instance per session; {@link #pump} runs once per connection.
 *
 * <p>How much video is decoded follows the session's {@link Escalation}, re-applied before each video packet.
 * Pictures that are not what full decoding shows (economy, keyframes) reach the detectors without the measures of
 * coding artefacts (blocking, images for models), which do not hold on them; pictures the profile skips still show
 * the detectors that media arrives ({@link DetectorLanes#undecoded}), at most every half second.
 */
final class DecodeStage {

    private static final int MAX_CONSECUTIVE_FILE_ERRORS = 50;
    /** Skipped pictures tell the detectors that media arrives at most this often. */
    private static final double UNDECODED_EVERY_SEC = 0.5;

    private final SessionConfig config;
    private final DetectorLanes lanes;
    private final Probes probes;
    private final FactsTracker facts;
    private final SessionListener listener;
    private final FrameAnalyzer analyzer;
    private final MediaTap tap;
    private final Escalation escalation;
    private final Consumer<DecodeState> onDecodeChanged;
    private volatile long startNanos;
    private double lastVideoSec = Double.NEGATIVE_INFINITY;
    /** The source time of the last picture analysed: a look-back hands out only those after it. */
    private long lastPictureMicros = Long.MIN_VALUE;
    /** A key picture judged and kept back until its companion has been compared with it (keyframes decoding). */
    private HeldKey heldKey;

    private volatile SessionClock clock;
    private volatile boolean stopping;
    private volatile long videoFrames;
    private volatile long audioBlocks;
    private volatile double mediaEndSec;
    private double nextProgressSec = 1;
    private long bitrateBytes = -1;
    private double bitrateSinceSec;

    DecodeStage(
            SessionConfig config,
            DetectorLanes lanes,
            Probes probes,
            FactsTracker facts,
            SessionListener listener,
            FrameAnalyzer analyzer,
            MediaTap tap,
            Escalation escalation,
            Consumer<DecodeState> onDecodeChanged) {
        this.config = config;
        this.escalation = escalation;
        this.onDecodeChanged = onDecodeChanged;
        this.lanes = lanes;
        this.probes = probes;
        this.facts = facts;
        this.listener = listener;
        this.analyzer = analyzer;
        this.tap = tap;
        this.startNanos = System.nanoTime();
    }

    /** The session started now: pacing and live durations count from here. */
    void started(long nanos) {
        startNanos = nanos;
    }

    void useClock(SessionClock sessionClock) {
        clock = sessionClock;
    }

    void stop() {
        stopping = true;
    }

    long videoFrames() {
        return videoFrames;
    }

    long audioBlocks() {
        return audioBlocks;
    }

    /** End of the newest media analysed, including the last picture's or block's own duration. */
    double mediaEndSec() {
        return mediaEndSec;
    }

    /**
     * Decodes until the media ends, the source drops, the duration is reached or the session stops.
     *
     * @return why the connection ended: null at the end of a file, a stop or the duration; else the reason
     */
    String pump(MediaSource source) throws InterruptedException {
        bitrateBytes = -1;
        lastPictureMicros = Long.MIN_VALUE;
        heldKey = null;
        escalation.streamUnits(units(facts.current()));
        try (Decoders decoders = Decoders.open(source, escalation.wanted());
                TapConnection ignored = tapped(source)) {
            int consecutiveErrors = 0;
            while (!stopping) {
                Packet packet;
                try {
                    packet = source.read();
                    consecutiveErrors = 0;
                } catch (SourceException e) {
                    if (source.isLive() || ++consecutiveErrors >= MAX_CONSECUTIVE_FILE_ERRORS) {
                        return e.getMessage();
                    }
                    continue; // a corrupt stretch in a file: skip it, as ffmpeg does
                }
                if (packet == null) {
                    if (!stopping && drain(decoders)) {
                        return null;
                    }
                    return source.isLive() && !stopping ? "source ended" : null;
                }
                double now = clock.lastMediaSec();
                probes.onPacket(packet, now);
                if (tap != MediaTap.NONE) {
                    tap.onPacket(
                            packet,
                            clock.estimate(
                                    packet.ptsMicros() != Packet.NO_TIME ? packet.ptsMicros() : packet.dtsMicros()));
                }
                // after every packet, decoded or not: a stream that decodes nothing still has its bytes checked
                probes.collect(Double.isNaN(now) ? 0 : now, lanes);
                if (decode(decoders, packet, source)) {
                    return null;
                }
            }
            return null;
        }
    }

    /** The tap hears of the connection for as long as it is pumped. */
    private TapConnection tapped(MediaSource source) {
        tap.onConnected(source);
        return tap::onDisconnected;
    }

    private interface TapConnection extends AutoCloseable {
        @Override
        void close();
    }

    /** @return true when the duration is reached */
    private boolean decode(Decoders decoders, Packet packet, MediaSource source) throws InterruptedException {
        if (packet.kind() == MediaKind.VIDEO && decoders.video != null) {
            boolean sizes = escalation.watchesSizes();
            int qp = sizes ? decoders.quantiser.qp(packet.av()) : PictureQuantiser.UNKNOWN;
            escalation.onVideoPacket(packet.isCorrupt(), packet.size(), qp, packet.isKey(), clock.lastMediaSec());
            decoders.video.use(escalation.wanted());
            decoders.video.send(packet, sizes && decoders.quantiser.idr());
            long before = videoFrames;
            if (pictures(decoders.video, source)) {
                return true;
            }
            if (videoFrames == before && decoders.video.profile() != DecodeProfile.FULL) {
                undecoded(packet);
            }
            return false;
        }
        if (packet.kind() == MediaKind.AUDIO && decoders.audio != null) {
            decoders.audio.send(packet);
            return audio(decoders.audio, source);
        }
        return false;
    }

    private boolean drain(Decoders decoders) throws InterruptedException {
        if (decoders.video != null) {
            decoders.video.drain();
            if (pictures(decoders.video, null) || deliverHeldKey(decoders.video, null)) {
                return true;
            }
        }
        if (decoders.audio != null) {
            decoders.audio.drain();
            return audio(decoders.audio, null);
        }
        return false;
    }

    private boolean pictures(VideoDecoder decoder, MediaSource source) throws InterruptedException {
        Picture p;
        while ((p = decoder.receive()) != null) {
            if (decoder.lastWasCompanion()) {
                if (judgeCompanion(decoder, p)) {
                    decodeChanged(decoder); // the key picture comes again, in full, after the GOP before it
                } else if (deliverHeldKey(decoder, source)) {
                    return true;
                }
                continue;
            }
            if (deliverHeldKey(decoder, source)) {
                return true; // its companion did not come
            }
            VideoFeatures features = null;
            double t;
            if (p.isKey() && decoder.canLookBack() && lastPictureMicros != Long.MIN_VALUE) {
                // a key picture that may escalate: judged before the clock moves, so that the GOP before it can
                // still be decoded in full and analysed first
                t = clock.estimate(p.ptsMicros());
                features = analyse(p, t);
                escalation.onPicture(features);
                if (escalation.wanted() == DecodeProfile.FULL
                        && decoder.lookBack(DecodeProfile.FULL, lastPictureMicros)) {
                    decodeChanged(decoder);
                    continue; // this picture comes again, in full, after the GOP before it
                }
                if (decoder.companionFollows()) {
                    heldKey = new HeldKey(p.ptsMicros(), p.width(), p.height(), p.full(), features);
                    continue; // handed on once its companion was compared with it
                }
                double mapped = clock.map(p.ptsMicros(), System.nanoTime());
                if (Math.abs(mapped - t) > 1e-3) {
                    t = mapped;
                    features = analyse(p, t);
                }
            } else if (decoder.lookedBack()) {
                t = clock.estimate(p.ptsMicros()); // behind media already read: not a timestamp reset
            } else {
                t = clock.map(p.ptsMicros(), System.nanoTime());
            }
            if (features == null) {
                features = analyse(p, t);
                escalation.onPicture(features);
            }
            if (deliver(decoder, p.ptsMicros(), p.width(), p.height(), p.full(), features, t, source)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The companion of a key picture (keyframes decoding) compared with it; when that asks for full decoding, the
     * GOP before the key picture is decoded again in full and the key picture kept back is dropped (it comes
     * again). The companion itself goes no further: detectors see what keyframes decoding shows.
     *
     * @return whether a look-back began
     */
    private boolean judgeCompanion(VideoDecoder decoder, Picture p) {
        HeldKey key = heldKey;
        if (key == null) {
            return false; // the key picture was not kept back (the stream's first): nothing to look back from
        }
        VideoFeatures judged = glance(p);
        if (decoder.companionStrides()) {
            // a short GOP: a still companion may be a static picture as well as a freeze, which the key pictures a
            // GOP apart tell: the one skipped before this one now, the next ones as they come (no more skipping)
            if (!escalation.companionStill(key.features(), judged)) {
                return false;
            }
            decoder.stopStriding();
            Picture skipped = decoder.skippedKeyPicture();
            if (skipped == null) {
                return false;
            }
            judged = glance(skipped);
        }
        escalation.onCompanion(key.features(), judged);
        if (escalation.wanted() == DecodeProfile.FULL && decoder.lookBack(DecodeProfile.FULL, lastPictureMicros)) {
            heldKey = null;
            return true;
        }
        return false;
    }

    /** Hands on the key picture kept back for its companion, if any. @return true when the duration is reached */
    private boolean deliverHeldKey(VideoDecoder decoder, MediaSource source) throws InterruptedException {
        HeldKey key = heldKey;
        if (key == null) {
            return false;
        }
        heldKey = null;
        double t = clock.map(key.ptsMicros(), System.nanoTime());
        VideoFeatures features =
                Math.abs(t - key.features().ptsSec()) > 1e-3 ? key.features().at(t) : key.features();
        return deliver(decoder, key.ptsMicros(), key.width(), key.height(), key.full(), features, t, source);
    }

    /** A key picture judged before its companion, kept back meanwhile. */
    private record HeldKey(long ptsMicros, int width, int height, boolean full, VideoFeatures features) {}

    /** One picture to the detectors. @return true when the duration is reached */
    private boolean deliver(
            VideoDecoder decoder,
            long ptsMicros,
            int width,
            int height,
            boolean full,
            VideoFeatures features,
            double t,
            MediaSource source)
            throws InterruptedException {
        lastPictureMicros = ptsMicros;
        if (config.realTime()) {
            pace(t);
        }
        videoFrames++;
        StreamEvent change = facts.pictureSize(width, height, t);
        if (change != null) {
            lanes.inOrder(() -> listener.onStreamEvent(change), true);
        }
        if (facts.takeSizeLearned()) {
            StreamFacts known = facts.current();
            escalation.streamUnits(units(known));
            lanes.inOrder(() -> listener.onStreamUp(known), true);
        }
        mediaEndSec = Math.max(mediaEndSec, t + facts.frameSec());
        lastVideoSec = t;
        lanes.video(full ? features : features.withoutCodingMeasures());
        decodeChanged(decoder);
        return afterItem(t, source);
    }

    /** A picture only compared with a key picture, never shown to the detectors: its thumbnail. */
    private VideoFeatures glance(Picture p) {
        return analyzer.thumbnailOnly(p.luma(), p.stride(), p.width(), p.height(), clock.estimate(p.ptsMicros()));
    }

    private VideoFeatures analyse(Picture p, double t) {
        return analyzer.analyze(p.luma(), p.stride(), p.width(), p.height(), t)
                .withDecode(new VideoFeatures.DecodeFacts(p.errors(), p.isKey(), p.type(), p.full()));
    }

    private boolean audio(AudioDecoder decoder, MediaSource source) throws InterruptedException {
        Pcm pcm;
        while ((pcm = decoder.receive()) != null) {
            double t = clock.map(pcm.ptsMicros(), System.nanoTime());
            if (config.realTime()) {
                pace(t);
            }
            audioBlocks++;
            float[][] samples = new float[pcm.channels()][pcm.length()];
            for (int c = 0; c < samples.length; c++) {
                pcm.copy(c, samples[c]);
            }
            AudioBlock block = new AudioBlock(t, pcm.sampleRate(), samples, pcm.length());
            mediaEndSec = Math.max(mediaEndSec, t + block.durationSec());
            lanes.audio(block);
            if (afterItem(t, source)) {
                return true;
            }
        }
        return false;
    }

    /** Bit rate and progress after each item. @return true when the duration is reached */
    private boolean afterItem(double t, MediaSource source) throws InterruptedException {
        if (source != null) {
            measureBitrate(source, t);
        }
        if (t >= nextProgressSec) {
            nextProgressSec = Math.floor(t) + 1;
            lanes.inOrder(() -> listener.onProgress(t), true);
        }
        return durationReached(t, source != null && source.isLive());
    }

    /** A video packet the profile skipped: media arrives, though there is no picture to look at. */
    private void undecoded(Packet packet) throws InterruptedException {
        // the decoding time: packets come in decoding order, in which presentation times go back and forth (a
        // B-frame after the picture it precedes), and a jump back would look like a timestamp reset to the clock
        long micros = packet.dtsMicros() != Packet.NO_TIME ? packet.dtsMicros() : packet.ptsMicros();
        if (micros == Packet.NO_TIME) {
            return;
        }
        double t = clock.map(micros, System.nanoTime());
        if (t - lastVideoSec >= UNDECODED_EVERY_SEC) {
            lastVideoSec = t;
            mediaEndSec = Math.max(mediaEndSec, t);
            lanes.undecoded(t);
        }
    }

    /** Tells the listener how the stream is decoded when that changed (escalated, back, refused, new profile). */
    private void decodeChanged(VideoDecoder decoder) throws InterruptedException {
        escalation.sparseKeys(decoder.sparseKeys());
        if (escalation.takeChanged()) {
            DecodeState state = escalation.state();
            lanes.inOrder(() -> onDecodeChanged.accept(state), true);
        }
    }

    private static double units(StreamFacts f) {
        if (f == null || !f.hasVideo() || f.width() <= 0 || f.height() <= 0 || !(f.frameRate() > 0)) {
            return f != null && !f.hasVideo() ? StreamUnits.AUDIO_ONLY : StreamUnits.UNKNOWN;
        }
        return StreamUnits.of(f.width(), f.height(), f.frameRate());
    }

    /** Holds a file back to real time: media time {@code t} is not analysed before t seconds have passed. */
    private void pace(double t) throws InterruptedException {
        long aheadNanos = startNanos + (long) (t * 1e9) - System.nanoTime();
        if (aheadNanos > 1_000_000) {
            TimeUnit.NANOSECONDS.sleep(aheadNanos);
        }
    }

    private void measureBitrate(MediaSource source, double t) throws InterruptedException {
        if (bitrateBytes < 0) {
            bitrateBytes = source.bytesRead();
            bitrateSinceSec = t;
            return;
        }
        if (t - bitrateSinceSec >= 5) {
            long bytes = source.bytesRead();
            long bps = Math.round((bytes - bitrateBytes) * 8 / (t - bitrateSinceSec));
            bitrateBytes = bytes;
            bitrateSinceSec = t;
            if (bps > 0 && facts.current() != null) {
                facts.bitrate(bps);
                var updated = facts.current();
                lanes.inOrder(() -> listener.onStreamUp(updated), true);
            }
        }
    }

    /** Files: media time; live sources: wall time since the start. */
    boolean durationReached(double mediaSec, boolean live) {
        if (config.maxDurationSec() <= 0) {
            return false;
        }
        double elapsed = live ? (System.nanoTime() - startNanos) / 1e9 : mediaSec;
        return elapsed >= config.maxDurationSec();
    }

    /** The decoders of one connection; a stream that cannot be decoded is left out (its detectors idle). */
    private static final class Decoders implements AutoCloseable {
        final VideoDecoder video;
        final AudioDecoder audio;
        /** The video's QP per picture, read from its headers for keyframes escalation's coded-size suspicion. */
        final PictureQuantiser quantiser;

        private Decoders(VideoDecoder video, AudioDecoder audio, PictureQuantiser quantiser) {
            this.video = video;
            this.audio = audio;
            this.quantiser = quantiser;
        }

        static Decoders open(MediaSource source, DecodeProfile profile) {
            VideoDecoder v = null;
            AudioDecoder a = null;
            try {
                v = source.stream(MediaKind.VIDEO) == null
                        ? null
                        : new VideoDecoder(source.stream(MediaKind.VIDEO), profile);
            } catch (DecoderException e) {
                v = null;
            }
            try {
                a = source.stream(MediaKind.AUDIO) == null ? null : new AudioDecoder(source.stream(MediaKind.AUDIO));
            } catch (DecoderException e) {
                a = null;
            }
            AVStream videoStream = source.stream(MediaKind.VIDEO);
            return new Decoders(v, a, PictureQuantiser.of(videoStream == null ? null : videoStream.codecpar()));
        }

        @Override
        public void close() {
            if (video != null) {
                video.close();
            }
            if (audio != null) {
                audio.close();
            }
        }
    }
}
