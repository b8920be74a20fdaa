package dev.vigil.worker.decode;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_ref;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_GRAY8;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_get_picture_type_char;

import dev.vigil.worker.source.Packet;
import dev.vigil.worker.source.PixelFormats;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes one video stream on the caller's thread (one decoder thread: streams, not frames, are the unit of
 * parallelism in a worker) and hands out each picture's luma plane in place, with what the decoder knew was
 * wrong with it ({@link DecodeErrors}): FFmpeg's decode error flags, a corrupt frame, a corrupt or refused
 * packet since the last picture.
 *
 * <p>How much is decoded ({@link DecodeProfile}) can change between packets ({@link #use}). Skipping less takes
 * effect at once from economy (the pictures others refer to were all decoded); from keyframes, whose pictures in
 * between refer to pictures that were skipped, by decoding the GOP under way again from its key picture (below), or
 * at the next key packet when it was not kept. A picture is {@linkplain Picture#full()
 * full} when it is exactly what full decoding shows: decoded in full, from a key picture decoded in full onwards.
 *
 * <p>In keyframes the packets of the last two GOPs are kept ({@link GopPackets}), so that decoding more need not
 * wait for the next key packet: {@link #lookBack} decodes the GOP before the newest key picture again, in full,
 * and goes on from there. Key pictures further apart than {@link #MAX_KEY_GAP_SEC} would leave the detectors
 * blind for too long: such a stream is decoded in economy instead ({@link #sparseKeys()}), looked back on from
 * its last key picture.
 *
 * <p>In keyframes, on streams whose key pictures lie more than {@link #COMPANION_KEY_GAP_SEC} apart, the picture
 * that follows an IDR picture in decoding order (which can refer to nothing but that picture) is decoded too, as its
 * <em>companion</em> ({@link #lastWasCompanion()}): the two lie a few pictures apart, close enough to tell a picture
 * that stopped changing from one that moves, which key pictures a GOP apart cannot when a freeze holds only one of
 * them.
 *
 * <p>On H.264 streams of IDR pictures closer together than that, keyframes decodes only as many key pictures as a
 * 2 s GOP has ({@link #KEY_SPACING_SEC}; every other one of a 1 s GOP), each with its companion: the companion tells
 * a still picture from a moving one as well as the key picture skipped would, at a third of its cost. A skipped key
 * picture is one more packet of the GOP to the look-back ({@link GopPackets} starts GOPs at the key pictures
 * decoded).
 */
public final class VideoDecoder implements AutoCloseable {

    private static final int FRAME_FLAG_CORRUPT = 1; // AV_FRAME_FLAG_CORRUPT
    private static final int FRAME_FLAG_KEY = 1 << 1; // AV_FRAME_FLAG_KEY
    /**
     * Keyframes decoding watches streams whose key pictures come at most this far apart (the 2 s GOP of most
     * broadcast and HLS/DASH encodes, with some slack): with fewer pictures a 2 s freeze could fall between two.
     */
    public static final double MAX_KEY_GAP_SEC = 2.5;
    /**
     * Key pictures at most this far apart need no companions: any freeze of twice this length (2.1 s, longer than
     * the freeze detector's 2 s) holds two of them, which are compared with each other. A companion costs about
     * half what its key picture does (a P picture three pictures on, under grain).
     */
    public static final double COMPANION_KEY_GAP_SEC = 1.05;
    /**
     * Keyframes decodes IDR pictures (H.264) at least this far apart, as a 2 s GOP has them, and gives each a
     * companion: closer ones are skipped. Any freeze longer than the freeze detector's 2 s holds a decoded key picture
     * and, unless it ends within three pictures of it, its companion.
     */
    public static final double KEY_SPACING_SEC = 2.0;
    /** Timestamps of key pictures a whole number of seconds apart may be off by this much. */
    private static final long SPACING_SLACK_MICROS = 20_000;
    /** After a still companion on a short GOP, every key picture is decoded for this long ({@link #stopStriding}). */
    static final long STRIDE_HOLDOFF_MICROS = 30_000_000;
    /** Pictures of an open GOP that precede its key picture lie at most this far before it. */
    private static final long LEADING_MICROS = 1_000_000;

    private final AVCodecContext ctx;
    private final AVFrame frame = av_frame_alloc();
    private final AVRational timeBase;
    private final AVRational micros = new AVRational().num(1).den(1_000_000);
    private final Picture picture = new Picture();
    private final double nominalFrameMicros;

    private DecodeProfile profile;
    private DecodeProfile pending;
    /** Full decoding since a key picture: pictures are as full decoding shows them. */
    private boolean fullFromKey;
    /** No picture of the stream is left unreferenced: economy has nothing to skip and decodes it in full. */
    private final boolean everyPictureReferenced;
    /** The previous picture came out under full decoding (gaps since it are missing pictures, not skipped ones). */
    private boolean lastDecodedInFull;
    /** Keyframes decoding: a key picture went in; drain it out at once instead of a GOP later. */
    private boolean drainKey;
    /** Keyframes decoding: an IDR picture went in; the next packet is decoded too, as its companion. */
    private boolean companionNext;
    /** The companion's time, until its picture comes out. */
    private long companionMicros = Packet.NO_TIME;
    /** The last picture handed out was a companion. */
    private boolean lastCompanion;

    private boolean draining;

    private final GopPackets gop = new GopPackets();
    /** Packets to decode again before the next packet from the source (a look-back). */
    private final ArrayDeque<AVPacket> replay = new ArrayDeque<>();
    /** Pictures decoded again up to this time were analysed already (or precede the GOP looked back on). */
    private long replayedUpToMicros = Long.MIN_VALUE;
    /** The last key packet's time, and whether the stream's packets carry times at all. */
    private long lastKeyMicros = Packet.NO_TIME;
    /** Time between the last two key packets, once known. */
    private long keyGapMicros = Packet.NO_TIME;
    /** The last key packet decoded (keyframes skips some on short GOPs), and whether it was an IDR picture. */
    private long decodedKeyMicros = Packet.NO_TIME;

    private boolean decodedKeyIdr;
    /** Key pictures are not skipped before this time ({@link #stopStriding}). */
    private long strideResumesMicros = Packet.NO_TIME;
    /** The companion under way is decoded because the key picture after its own will be skipped (a short GOP). */
    private boolean companionStrides;
    /** The last key packet skipped since the last one decoded, kept (by reference) for {@link #skippedKeyPicture}. */
    private final AVPacket skipped = av_packet_alloc();

    private boolean skippedKept;
    /** The key packet skipped just before the last one decoded, if any. */
    private final AVPacket skippedBefore = av_packet_alloc();

    private boolean skippedBeforeKept;
    /** Keyframes asked for, but the stream's key pictures are too far apart: decoded in economy. */
    private boolean sparseKeys;
    /**
     * The stream's own profile is keyframes: its GOPs are kept even while it is escalated, so that a suspicion soon
     * after it returns to keyframes can still look back.
     */
    private boolean keyframesStream;
    /** The look-back's key picture time, less {@link #LEADING_MICROS}. */
    private long replayStartMicros = Long.MIN_VALUE;
    /** The newest picture time among the packets of the look-back under way. */
    private long replayEndMicros = Long.MIN_VALUE;

    private boolean lastLookedBack;

    private int pendingErrors;
    private final long[] corruptPts = new long[16];
    private int corruptCount;
    private long lastPtsMicros = Long.MIN_VALUE;
    private long lastDurationMicros;

    /** Row length of the plane {@link #lumaPlane} returned last. */
    private int planeStride;

    private SwsContext sws;
    private BytePointer grey;
    private int greyCapacity;

    /**
     * @throws DecoderException when this build has no decoder for the stream or it cannot be opened
     */
    public VideoDecoder(AVStream stream, DecodeProfile profile) throws DecoderException {
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new DecoderException(
                    "no decoder for video codec " + stream.codecpar().codec_id());
        }
        ctx = avcodec_alloc_context3(codec);
        avcodec_parameters_to_context(ctx, stream.codecpar());
        ctx.pkt_timebase(stream.time_base());
        ctx.thread_count(1);
        // the demuxer's probe found no picture reordering: no B-frames, every picture is referenced
        this.everyPictureReferenced = stream.codecpar().video_delay() == 0;
        profile.apply(ctx, everyPictureReferenced);
        this.profile = profile;
        this.keyframesStream = profile == DecodeProfile.KEYFRAMES;
        // decoded exactly as in full from the start: every picture is
        this.fullFromKey = profile.exact(everyPictureReferenced);
        int err = avcodec_open2(ctx, codec, (PointerPointer<?>) null);
        if (err < 0) {
            avcodec_free_context(ctx);
            av_frame_free(frame);
            throw new DecoderException("cannot open the " + codec.name().getString() + " decoder (error " + err + ")");
        }
        timeBase = stream.time_base();
        AVRational rate = stream.avg_frame_rate().num() > 0 ? stream.avg_frame_rate() : stream.r_frame_rate();
        nominalFrameMicros = rate.num() > 0 && rate.den() > 0 ? 1e6 * rate.den() / rate.num() : 40_000;
    }

    /**
     * Feeds one packet. A packet the decoder refuses, or one the demuxer marked corrupt, is remembered and marked
     * on the next picture that comes out.
     */
    public void send(Packet packet) {
        send(packet, false);
    }

    /**
     * The same; {@code idr}: the packet is an IDR picture (H.264), after which nothing refers to an earlier picture,
     * so that keyframes decoding can decode the next packet as its companion.
     */
    public void send(Packet packet, boolean idr) {
        boolean companion = companionNext && !packet.isKey();
        companionNext = false;
        if (pending != null && packet.isKey()) {
            apply(pending);
        }
        if (packet.isCorrupt()) {
            long pts = packet.ptsMicros();
            if (pts == Packet.NO_TIME || corruptCount == corruptPts.length) {
                pendingErrors |= DecodeErrors.CORRUPT_PACKET; // no time to match: the next picture carries it
            } else {
                corruptPts[corruptCount++] = pts;
            }
        }
        boolean keyframes = profile == DecodeProfile.KEYFRAMES && pending == null;
        boolean skippedKey = keyframes && packet.isKey() && skipsKey(packet, idr);
        if (skippedKey) {
            av_packet_unref(skipped);
            skippedKept = av_packet_ref(skipped, packet.av()) >= 0;
        } else if (packet.isKey()) {
            decodedKeyMicros = micros(packet);
            decodedKeyIdr = idr;
            av_packet_unref(skippedBefore);
            skippedBeforeKept = skippedKept && av_packet_ref(skippedBefore, skipped) >= 0;
            av_packet_unref(skipped);
            skippedKept = false;
        }
        if (!keyframesStream || sparseKeys) {
            gop.clear(); // no look-back is under way: a replay ends before the next packet comes
        } else if (keep(packet, skippedKey)) {
            return; // decoded again from the last key picture on, this packet among them
        }
        keyframes = profile == DecodeProfile.KEYFRAMES && pending == null;
        if (companion && keyframes) {
            companionMicros = packet.ptsMicros();
            ctx.skip_frame(AVDISCARD_DEFAULT); // this packet only
            sendRaw(packet.av());
            profile.apply(ctx, everyPictureReferenced);
            drainKey = true;
            return;
        }
        if (keyframes && (!packet.isKey() || skippedKey) && lastKeyMicros != Packet.NO_TIME) {
            // the decoder would only parse it to skip it: on a stream whose packets carry key flags (a key packet
            // came), what is not key is not decoded, so it need not go in at all
            return;
        }
        sendRaw(packet.av());
        companionNext = keyframes
                && packet.isKey()
                && idr
                && packet.ptsMicros() != Packet.NO_TIME
                && keyGapMicros != Packet.NO_TIME
                && (keyGapMicros > COMPANION_KEY_GAP_SEC * 1e6 || nextKeySkipped());
        if (companionNext) {
            companionStrides = keyGapMicros <= COMPANION_KEY_GAP_SEC * 1e6;
        }
        // an IDR picture drains with its companion
        drainKey = keyframes && packet.isKey() && !companionNext;
    }

    /**
     * Keyframes on a short GOP of IDR pictures: whether this key packet is skipped, the next one still coming
     * within {@link #KEY_SPACING_SEC} of the last one decoded (a jump back in time decodes it).
     */
    private boolean skipsKey(Packet packet, boolean idr) {
        long micros = micros(packet);
        return idr
                && decodedKeyIdr
                && micros != Packet.NO_TIME
                && decodedKeyMicros != Packet.NO_TIME
                && micros > decodedKeyMicros
                && keyGapMicros != Packet.NO_TIME
                && keyGapMicros > 0
                && micros + keyGapMicros - decodedKeyMicros <= KEY_SPACING_SEC * 1e6 + SPACING_SLACK_MICROS
                && striding(micros);
    }

    /** Whether the key packet after the one just decoded will be skipped (if it is an IDR picture too). */
    private boolean nextKeySkipped() {
        return keyGapMicros > 0
                && 2 * keyGapMicros <= KEY_SPACING_SEC * 1e6 + SPACING_SLACK_MICROS
                && striding(decodedKeyMicros + keyGapMicros);
    }

    private boolean striding(long micros) {
        return strideResumesMicros == Packet.NO_TIME || micros >= strideResumesMicros || micros < decodedKeyMicros;
    }

    /**
     * Whether the last companion was decoded because key pictures are being skipped (a short GOP): it only steers
     * that skipping ({@link #stopStriding}); on a long GOP a companion is evidence of a freeze in its own right.
     */
    public boolean companionStrides() {
        return companionStrides;
    }

    /**
     * The key picture skipped just before the last one decoded (an IDR picture, which decodes alone), decoded now,
     * out of turn, to be compared with it; null when there is none. It is not one of the stream's pictures: nothing of
     * the decoder's count of them changes. Call between packets, once the pictures of the last one were received.
     */
    public Picture skippedKeyPicture() {
        if (!skippedBeforeKept) {
            return null;
        }
        skippedBeforeKept = false;
        avcodec_flush_buffers(ctx);
        ctx.skip_frame(AVDISCARD_DEFAULT);
        Picture out = null;
        if (avcodec_send_packet(ctx, skippedBefore) >= 0
                && avcodec_send_packet(ctx, null) >= 0
                && avcodec_receive_frame(ctx, frame) >= 0
                && frame.width() > 0
                && frame.height() > 0) {
            out = plane(frame.width(), frame.height(), ptsMicrosOf(frame));
        }
        av_packet_unref(skippedBefore);
        avcodec_flush_buffers(ctx);
        draining = false;
        profile.apply(ctx, everyPictureReferenced);
        return out;
    }

    /**
     * A short GOP's companion was as still as its key picture: the picture may be static, which a companion, a few
     * pictures on, cannot tell from a freeze. Every key picture is decoded for a while, so that key pictures a GOP
     * apart judge it, as they do without skipping.
     */
    public void stopStriding() {
        if (decodedKeyMicros != Packet.NO_TIME) {
            strideResumesMicros = decodedKeyMicros + STRIDE_HOLDOFF_MICROS;
        }
    }

    private static long micros(Packet packet) {
        return packet.dtsMicros() != Packet.NO_TIME ? packet.dtsMicros() : packet.ptsMicros();
    }

    /**
     * Keyframes: keeps the packet for a look-back; when the key pictures turn out too far apart, looks back on
     * this GOP in economy. A key packet skipped ({@code skippedKey}) does not start a GOP: a look-back goes on from
     * the last key picture decoded. @return true when the packet went into that look-back
     */
    private boolean keep(Packet packet, boolean skippedKey) {
        gop.add(packet.av(), packet.isKey() && !skippedKey);
        long micros = micros(packet);
        if (packet.isKey()) {
            if (lastKeyMicros != Packet.NO_TIME && micros != Packet.NO_TIME) {
                keyGapMicros = micros - lastKeyMicros;
            }
            lastKeyMicros = micros;
            return false;
        }
        if (profile != DecodeProfile.KEYFRAMES) {
            return false; // escalated: kept for when the stream returns to keyframes
        }
        if (pending != null && lookBack(pending, lastPtsMicros, false)) {
            return true; // decoding more was asked for: from the GOP's key picture on, not from the next one
        }
        if (lastKeyMicros == Packet.NO_TIME
                || micros == Packet.NO_TIME
                || micros - lastKeyMicros <= MAX_KEY_GAP_SEC * 1e6) {
            return false;
        }
        sparseKeys = true;
        if (lookBack(DecodeProfile.ECONOMY, lastPtsMicros, false)) {
            return true;
        }
        pending = DecodeProfile.ECONOMY; // nothing kept to look back on: from the next key packet
        return false;
    }

    /**
     * Keyframes: decodes the GOP before the newest key picture again as {@code wanted}, that key picture's and the
     * pictures after it as they come; pictures up to {@code analysedUpToMicros} (the last one analysed) are not
     * handed out again. Nothing changes when the GOP is not kept (the stream began with the newest key picture,
     * it was too large) or the stream has no timestamps.
     *
     * @return whether the look-back is under way
     */
    public boolean lookBack(DecodeProfile wanted, long analysedUpToMicros) {
        return lookBack(wanted, analysedUpToMicros, true);
    }

    private boolean lookBack(DecodeProfile wanted, long analysedUpToMicros, boolean previousGop) {
        if (profile != DecodeProfile.KEYFRAMES
                || wanted == DecodeProfile.KEYFRAMES
                || analysedUpToMicros == Long.MIN_VALUE
                || lastKeyMicros == Packet.NO_TIME) {
            return false;
        }
        var packets = gop.since(previousGop);
        if (packets.isEmpty()) {
            return false;
        }
        avcodec_flush_buffers(ctx);
        drainKey = false;
        draining = false;
        companionNext = false;
        companionMicros = Packet.NO_TIME;
        apply(wanted);
        replay.clear();
        replay.addAll(packets);
        replayedUpToMicros = analysedUpToMicros;
        replayEndMicros = Long.MIN_VALUE;
        for (AVPacket p : packets) {
            if (p.pts() != AV_NOPTS_VALUE) {
                replayEndMicros = Math.max(replayEndMicros, avutil.av_rescale_q(p.pts(), timeBase, micros));
            }
        }
        AVPacket first = packets.get(0);
        replayStartMicros = first.pts() != AV_NOPTS_VALUE
                ? avutil.av_rescale_q(first.pts(), timeBase, micros) - LEADING_MICROS
                : Long.MIN_VALUE;
        return true;
    }

    /**
     * Whether the last picture handed out came from a look-back: its time lies before media already read (the
     * session places it on its timeline without moving the clock).
     */
    public boolean lookedBack() {
        return lastLookedBack;
    }

    /**
     * Whether the last picture handed out is the companion of the key picture before it: decoded only to be compared
     * with that key picture, not part of what keyframes decoding shows the detectors.
     */
    public boolean lastWasCompanion() {
        return lastCompanion;
    }

    /** Whether the key picture just handed out will be followed by its companion. */
    public boolean companionFollows() {
        return companionMicros != Packet.NO_TIME || companionNext;
    }

    /** Whether a look-back to the GOP before the newest key picture is possible now. */
    public boolean canLookBack() {
        return profile == DecodeProfile.KEYFRAMES && lastKeyMicros != Packet.NO_TIME && gop.keepsTwoGops();
    }

    /** Keyframes was asked for, but the stream's key pictures are too far apart: it is decoded in economy. */
    public boolean sparseKeys() {
        return sparseKeys;
    }

    /**
     * A corrupt packet marks the picture made from it (same timestamp), not whichever picture the decoder
     * happens to output next (with B-frames that is an earlier one); a marked packet whose picture never came
     * out marks the first picture after its time.
     */
    private int corruptPacketsUpTo(long pts) {
        int flags = 0;
        int kept = 0;
        for (int i = 0; i < corruptCount; i++) {
            if (corruptPts[i] <= pts) {
                flags = DecodeErrors.CORRUPT_PACKET;
            } else {
                corruptPts[kept++] = corruptPts[i];
            }
        }
        corruptCount = kept;
        return flags;
    }

    /**
     * Decode as {@code wanted} from now on: skipping more, or less coming from economy, at once; less coming from
     * keyframes, with the next packet by looking back on the GOP from its key picture, or from the next key packet
     * when the GOP is not kept.
     */
    public void use(DecodeProfile asked) {
        DecodeProfile wanted = asked == DecodeProfile.KEYFRAMES && sparseKeys ? DecodeProfile.ECONOMY : asked;
        if (wanted == profile) {
            pending = null;
        } else if (profile == DecodeProfile.KEYFRAMES && wanted != DecodeProfile.KEYFRAMES) {
            pending = wanted;
        } else {
            apply(wanted);
        }
    }

    /** What is decoded now. */
    public DecodeProfile profile() {
        return profile;
    }

    private void apply(DecodeProfile p) {
        p.apply(ctx, everyPictureReferenced);
        profile = p;
        keyframesStream |= p == DecodeProfile.KEYFRAMES;
        pending = null;
        if (!p.exact(everyPictureReferenced)) {
            fullFromKey = false;
        }
    }

    /** The media ended: let the decoder give up the pictures it still holds. */
    public void drain() {
        drainKey = false;
        companionNext = false;
        sendRaw(null);
    }

    private void sendRaw(AVPacket p) {
        int err = avcodec_send_packet(ctx, p);
        if (err < 0 && err != AVERROR_EAGAIN() && err != AVERROR_EOF) {
            pendingErrors |= DecodeErrors.REFUSED_PACKET;
        }
    }

    /** The next decoded picture, or null when the decoder needs more packets. */
    public Picture receive() {
        while (true) {
            int err = avcodec_receive_frame(ctx, frame);
            if (err < 0 && err != AVERROR_EOF && !replay.isEmpty()) {
                // a look-back goes on (past a picture the decoder could not make, too) before the next packet
                sendRaw(replay.poll());
                continue;
            }
            if (err == AVERROR_EAGAIN() && drainKey) {
                // the decoder holds pictures back to put B-frames in order, so with nothing but key pictures a key
                // picture would come out only when the next one goes in: drain it now, then start afresh (nothing
                // refers to a key picture's predecessors)
                drainKey = false;
                draining = true;
                avcodec_send_packet(ctx, null);
                continue;
            }
            if (err < 0) {
                if (draining) {
                    draining = false;
                    avcodec_flush_buffers(ctx);
                }
                return null; // EAGAIN: needs more input; EOF: drained; anything else: counted on the next picture
            }
            int w = frame.width();
            int h = frame.height();
            if (w <= 0 || h <= 0) {
                continue;
            }
            ByteBuffer plane = lumaPlane(w, h);
            if (plane == null) {
                continue;
            }
            int stride = planeStride;
            long pts = ptsMicros();
            boolean key = (frame.flags() & FRAME_FLAG_KEY) != 0;
            lastCompanion = !key && companionMicros != Packet.NO_TIME && pts == companionMicros;
            if (lastCompanion) {
                companionMicros = Packet.NO_TIME;
                lastLookedBack = false;
                int errors = frame.decode_error_flags();
                char type = (char) av_get_picture_type_char(frame.pict_type());
                return picture.set(plane, stride, w, h, pts, errors, false, type, false);
            }
            boolean inFull = profile.exact(everyPictureReferenced);
            if (replayedUpToMicros != Long.MIN_VALUE) {
                // a picture before the look-back's key picture (but its leading pictures) follows a timestamp reset
                if (pts <= replayedUpToMicros && pts >= replayStartMicros) {
                    fullFromKey |= inFull && key; // analysed already, or leading pictures of the GOP looked back on
                    continue;
                }
                replayedUpToMicros = Long.MIN_VALUE;
            }
            lastLookedBack = replayEndMicros != Long.MIN_VALUE && pts <= replayEndMicros;
            if (!lastLookedBack) {
                replayEndMicros = Long.MIN_VALUE;
            }
            // pictures skipped on purpose are not missing: gaps count only between pictures decoded in full
            boolean missing = missingBefore(pts) && inFull && lastDecodedInFull;
            lastDecodedInFull = inFull;
            fullFromKey |= inFull && key;
            int errors = pendingErrors
                    | corruptPacketsUpTo(pts)
                    | frame.decode_error_flags()
                    | ((frame.flags() & FRAME_FLAG_CORRUPT) != 0 ? DecodeErrors.CORRUPT_FRAME : 0)
                    | (missing ? DecodeErrors.MISSING_PICTURES : 0);
            pendingErrors = 0;
            char type = (char) av_get_picture_type_char(frame.pict_type());
            return picture.set(plane, stride, w, h, pts, errors, key, type, inFull && fullFromKey);
        }
    }

    /** The frame's luma plane as a key picture of its own (no errors, not full), or null. */
    private Picture plane(int w, int h, long pts) {
        ByteBuffer plane = lumaPlane(w, h);
        if (plane == null) {
            return null;
        }
        char type = (char) av_get_picture_type_char(frame.pict_type());
        return picture.set(plane, planeStride, w, h, pts, 0, true, type, false);
    }

    /**
     * The frame's luma plane in place, or converted to 8-bit grey when the frame is not 8-bit luma first (null when
     * that fails); its row length in {@link #planeStride}.
     */
    private ByteBuffer lumaPlane(int w, int h) {
        if (PixelFormats.isLumaFirst8Bit(frame.format())) {
            planeStride = frame.linesize(0);
            return frame.data(0).capacity((long) planeStride * h).asByteBuffer();
        }
        planeStride = w;
        return toGrey(w, h);
    }

    private long ptsMicrosOf(AVFrame f) {
        long ts = f.best_effort_timestamp();
        return ts == AV_NOPTS_VALUE ? Packet.NO_TIME : avutil.av_rescale_q(ts, timeBase, micros);
    }

    /** Frames per second as the stream declares it, or 25 when it does not. */
    public double nominalFrameRate() {
        return 1e6 / nominalFrameMicros;
    }

    private long ptsMicros() {
        long ts = frame.best_effort_timestamp();
        long duration = frame.duration() > 0 ? avutil.av_rescale_q(frame.duration(), timeBase, micros) : 0;
        long pts;
        if (ts == AV_NOPTS_VALUE) {
            // raw elementary streams carry no timestamps: count pictures, at their own duration when it is
            // plausible (a damaged picture may come out with a duration of one tick)
            long step = lastDurationMicros > nominalFrameMicros / 2 ? lastDurationMicros : (long) nominalFrameMicros;
            pts = lastPtsMicros == Long.MIN_VALUE ? 0 : lastPtsMicros + step;
        } else {
            pts = avutil.av_rescale_q(ts, timeBase, micros);
        }
        lastDurationMicros = duration;
        return pts;
    }

    /** More than one and a half frame intervals since the last picture (but not a jump: those are resets). */
    private boolean missingBefore(long pts) {
        long last = lastPtsMicros;
        lastPtsMicros = pts;
        if (last == Long.MIN_VALUE) {
            return false;
        }
        long gap = pts - last;
        return gap > 1.5 * nominalFrameMicros && gap < 5_000_000;
    }

    private ByteBuffer toGrey(int w, int h) {
        sws = swscale.sws_getCachedContext(
                sws, w, h, frame.format(), w, h, AV_PIX_FMT_GRAY8, swscale.SWS_POINT, null, null, (double[]) null);
        if (sws == null) {
            return null;
        }
        int size = w * h;
        if (grey == null || greyCapacity < size) {
            if (grey != null) {
                grey.close();
            }
            grey = new BytePointer(size);
            greyCapacity = size;
        }
        PointerPointer<?> dst = new PointerPointer<>(1).put(0, grey);
        IntPointer dstStride = new IntPointer(1).put(0, w);
        swscale.sws_scale(sws, frame.data(), frame.linesize(), 0, h, dst, dstStride);
        dst.close();
        dstStride.close();
        return grey.capacity(size).asByteBuffer();
    }

    @Override
    public void close() {
        av_packet_free(skipped);
        av_packet_free(skippedBefore);
        replay.clear();
        gop.close();
        avcodec_free_context(ctx);
        av_frame_free(frame);
        if (sws != null) {
            swscale.sws_freeContext(sws);
        }
        if (grey != null) {
            grey.close();
        }
    }
}
