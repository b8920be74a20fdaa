package dev.vigil.tools.accuracy;

import java.util.List;

/**
 * One clip of the accuracy corpus: what it shows, what is injected into it, how it is encoded, and the labels
 * (the injected defects a detector should report). Everything else in it is a hard negative on purpose.
 *
 * @param seed      drives the content's own parameters (colours, speeds, positions), so the recipe is repeatable
 * @param grain     strength of fresh noise added downstream of the programme and its graphics (FFmpeg
 *                  {@code noise} alls), 0 for none: a distribution encoder's grain or dither
 */
public record Clip(
        String id,
        String split,
        long seed,
        int width,
        int height,
        double durationSec,
        Content content,
        Graphics graphics,
        double grain,
        VideoEvent video,
        AudioContent audio,
        AudioEvent audioEvent,
        VideoCodec videoCodec,
        AudioCodec audioCodec) {

    /** The programme's picture. */
    public enum Content {
        /** moving synthetic picture (testsrc2): sport-like motion everywhere */
        SPORTS,
        /** a still studio background, a presenter moving in the middle, live graphics */
        NEWS,
        /** smooth moving picture with the programme's own film grain */
        FILM,
        /** a slow pan over a still picture (6-20 px/s) */
        PAN,
        /** a still shot of a live camera: fresh grain, a small moving subject and drifting light */
        STILL_LIVE,
        /** a dark moving scene with detail: luma 16-90, much of it under blackdetect's threshold */
        DARK,
        /** pixel art: a cellular automaton drawn with 8 or 16 px square pixels */
        PIXEL_ART,
        /** low-resolution graphics upscaled with nearest-neighbour (4, 8 or 16 px) */
        UPSCALED,
        /** a mosaic (pixelize) effect over the whole picture or a region */
        MOSAIC
    }

    /** The channel's graphics layer, drawn over the programme. */
    public enum Graphics {
        NONE,
        /** a static channel logo in the top-right corner */
        LOGO,
        /** a scrolling ticker, a running clock and an animated channel bug */
        LIVE
    }

    public enum VideoEventKind {
        NONE,
        /** the programme freezes (graphics and downstream grain go on) */
        FREEZE,
        /** the programme goes black (graphics go on) */
        BLACK,
        /** the picture is badly compressed for a while (MPEG-2 at the coarsest quantiser) */
        BLOCKY,
        /** a fade through black: out 0.5 s, a short hold, in 0.5 s (not a defect) */
        FADE,
        /** a hard cut to black for a few frames (not a defect) */
        CUT
    }

    /** @param param strength of the event: the quantiser for BLOCKY, unused otherwise */
    public record VideoEvent(VideoEventKind kind, double startSec, double endSec, double param) {
        static final VideoEvent NONE = new VideoEvent(VideoEventKind.NONE, 0, 0, 0);
    }

    public enum AudioContent {
        /** a mix of tones, vibrato and drum-like noise bursts peaking near -6 dBFS */
        MUSIC,
        /** the same music made loud with a limiter: dense, peaks at -1 dBFS */
        LOUD_MASTER,
        /** a line-up tone at -18 dBFS */
        TONE,
        /** music with a quiet passage at about -35 dB for a few seconds (not silence) */
        QUIET_PASSAGE
    }

    public enum AudioEventKind {
        NONE,
        SILENCE,
        CLIPPING
    }

    /** @param param for CLIPPING: dB the programme's peaks are driven above full scale */
    public record AudioEvent(AudioEventKind kind, double startSec, double endSec, double param) {
        static final AudioEvent NONE = new AudioEvent(AudioEventKind.NONE, 0, 0, 0);
    }

    public enum VideoCodec {
        OPENH264(false, "ts"),
        MPEG2(false, "ts"),
        X264(true, "mp4"),
        X265(true, "mkv"),
        /** openh264 with an IDR picture every second (the {@code gop1} split), as broadcast H.264 often has. */
        OPENH264_GOP1(false, "ts"),
        /** x264 with an IDR picture every second (the {@code gop1} split). */
        X264_GOP1(true, "mp4");

        /** Needs Debian's ffmpeg (libx264, libx265) rather than the bundled one. */
        public final boolean system;

        final String container;

        VideoCodec(boolean system, String container) {
            this.system = system;
            this.container = container;
        }
    }

    public enum AudioCodec {
        AAC,
        AC3,
        EAC3,
        MP2,
        OPUS,
        PCM
    }

    /** The container: MPEG-TS or MP4 as the video codec suggests, Matroska for PCM audio. */
    public String container() {
        return audioCodec == AudioCodec.PCM ? "mkv" : videoCodec.container;
    }

    /** The defects a detector should report in this clip. */
    public List<Label> labels() {
        List<Label> labels = new java.util.ArrayList<>();
        switch (video.kind()) {
            case FREEZE -> labels.add(new Label("freeze", video.startSec(), video.endSec()));
            case BLACK -> labels.add(new Label("black", video.startSec(), video.endSec()));
            case BLOCKY -> labels.add(new Label("blockiness", video.startSec(), video.endSec()));
            default -> {}
        }
        switch (audioEvent.kind()) {
            case SILENCE -> labels.add(new Label("silence", audioEvent.startSec(), audioEvent.endSec()));
            case CLIPPING -> labels.add(new Label("clipping", audioEvent.startSec(), audioEvent.endSec()));
            default -> {}
        }
        return labels;
    }

    /** A short description for reports: content, graphics, grain, event, audio, codecs. */
    public String describe() {
        StringBuilder s = new StringBuilder(content.name().toLowerCase());
        if (graphics != Graphics.NONE) {
            s.append('+').append(graphics.name().toLowerCase());
        }
        if (grain > 0) {
            s.append("+grain");
        }
        if (video.kind() != VideoEventKind.NONE) {
            s.append(String.format(
                    java.util.Locale.ROOT,
                    " %s %.2f-%.2f",
                    video.kind().name().toLowerCase(),
                    video.startSec(),
                    video.endSec()));
        }
        s.append(" | ").append(audio.name().toLowerCase());
        if (audioEvent.kind() != AudioEventKind.NONE) {
            s.append(String.format(
                    java.util.Locale.ROOT,
                    " %s %.2f-%.2f",
                    audioEvent.kind().name().toLowerCase(),
                    audioEvent.startSec(),
                    audioEvent.endSec()));
        }
        s.append(" | ")
                .append(videoCodec.name().toLowerCase())
                .append('/')
                .append(audioCodec.name().toLowerCase())
                .append(' ')
                .append(container())
                .append(' ')
                .append(width)
                .append('x')
                .append(height);
        return s.toString();
    }
}
