package dev.vigil.tools.accuracy;

import dev.vigil.tools.accuracy.Clip.AudioCodec;
import dev.vigil.tools.accuracy.Clip.VideoEventKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Makes a {@link Clip}'s file, once: its filter graphs are rendered with the bundled FFmpeg into a lossless
 * intermediate (FFV1 and 32-bit float PCM), a badly compressed copy is made for a {@code BLOCKY} stretch
 * (MPEG-2 at a coarse fixed quantiser) and laid over it, and the result is encoded with the clip's codecs.
 * Files are named by a hash of their recipe, so a changed recipe makes a new file and an unchanged one is kept.
 */
final class ClipRenderer {

    private static final int TIMEOUT_SEC = 600;

    private final Path dir;

    ClipRenderer(Path dir) {
        this.dir = dir;
    }

    /** The clip's file, made now unless it is there already. */
    Path render(Clip clip) {
        ClipGraph graph = new ClipGraph(clip);
        String video = graph.video();
        String audio = graph.audio();
        List<String> encode = encodeArgs(clip);
        String recipe = String.join(
                "\u0000",
                video,
                audio,
                String.join(" ", encode),
                clip.video().kind() == VideoEventKind.BLOCKY ? damage(clip) : "",
                Double.toString(clip.durationSec()));
        Path out = dir.resolve(clip.id() + "-" + hash(recipe) + "." + clip.container());
        if (Files.exists(out)) {
            return out;
        }
        try {
            Files.createDirectories(dir);
            Path intermediate = dir.resolve(clip.id() + ".lossless.tmp.mkv");
            Path damaged = dir.resolve(clip.id() + ".damaged.tmp.ts");
            Path partial = dir.resolve(clip.id() + ".tmp." + clip.container());
            try {
                Ffmpegs.run(
                        Ffmpegs.command(
                                Ffmpegs.bundled(),
                                "-loglevel",
                                "error",
                                "-filter_complex",
                                video + ";" + audio,
                                "-map",
                                "[v]",
                                "-map",
                                "[a]",
                                "-t",
                                fmt(clip.durationSec()),
                                "-c:v",
                                "ffv1",
                                "-c:a",
                                "pcm_f32le",
                                intermediate.toString()),
                        TIMEOUT_SEC);
                List<String> cmd = new ArrayList<>(List.of("-loglevel", "error", "-i", intermediate.toString()));
                String map = "0:v";
                if (clip.video().kind() == VideoEventKind.BLOCKY) {
                    int q = (int) clip.video().param();
                    Ffmpegs.run(
                            Ffmpegs.command(
                                    Ffmpegs.bundled(),
                                    "-loglevel",
                                    "error",
                                    "-i",
                                    intermediate.toString(),
                                    "-an",
                                    "-c:v",
                                    "mpeg2video",
                                    "-qscale:v",
                                    Integer.toString(q),
                                    "-qmin",
                                    Integer.toString(q),
                                    "-qmax",
                                    Integer.toString(q),
                                    "-g",
                                    "15",
                                    "-bf",
                                    "0",
                                    damaged.toString()),
                            TIMEOUT_SEC);
                    cmd.addAll(List.of("-i", damaged.toString(), "-filter_complex", damage(clip)));
                    map = "[v]";
                }
                cmd.addAll(List.of("-map", map, "-map", "0:a", "-t", fmt(clip.durationSec())));
                cmd.addAll(encode);
                cmd.add(partial.toString());
                String ffmpeg = clip.videoCodec().system ? Ffmpegs.system() : Ffmpegs.bundled();
                Ffmpegs.run(Ffmpegs.command(ffmpeg, cmd.toArray(String[]::new)), TIMEOUT_SEC);
                Files.move(partial, out);
            } finally {
                Files.deleteIfExists(intermediate);
                Files.deleteIfExists(damaged);
                Files.deleteIfExists(partial);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** The damaged copy shown over the clean picture for the labelled stretch. */
    private static String damage(Clip clip) {
        return String.format(
                Locale.ROOT,
                "[0:v][1:v]overlay=enable='between(t,%.3f,%.3f)'[v]",
                clip.video().startSec() - 0.01,
                clip.video().endSec() - 0.03);
    }

    private static List<String> encodeArgs(Clip clip) {
        List<String> a = new ArrayList<>();
        boolean large = clip.width() > 640;
        switch (clip.videoCodec()) {
            case OPENH264 -> a.addAll(List.of("-c:v", "libopenh264", "-b:v", large ? "6M" : "2500k", "-g", "50"));
            case MPEG2 -> a.addAll(List.of("-c:v", "mpeg2video", "-b:v", large ? "12M" : "5M", "-g", "12"));
            case X264 -> a.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "50"));
            case OPENH264_GOP1 -> a.addAll(List.of("-c:v", "libopenh264", "-b:v", large ? "6M" : "2500k", "-g", "25"));
            case X264_GOP1 -> a.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "25"));
            case X265 ->
                a.addAll(List.of(
                        "-c:v", "libx265", "-preset", "ultrafast", "-crf", "24", "-x265-params", "log-level=error"));
        }
        a.addAll(List.of("-pix_fmt", "yuv420p"));
        AudioCodec ac = clip.audioCodec();
        switch (ac) {
            case AAC -> a.addAll(List.of("-c:a", "aac", "-b:a", "128k"));
            case AC3 -> a.addAll(List.of("-c:a", "ac3", "-b:a", "192k"));
            case EAC3 -> a.addAll(List.of("-c:a", "eac3", "-b:a", "128k"));
            case MP2 -> a.addAll(List.of("-c:a", "mp2", "-b:a", "192k"));
            case OPUS -> a.addAll(List.of("-c:a", "libopus", "-b:a", "96k"));
            case PCM -> a.addAll(List.of("-c:a", "pcm_s16le"));
        }
        a.addAll(List.of(
                "-f",
                switch (clip.container()) {
                    case "ts" -> "mpegts";
                    case "mp4" -> "mp4";
                    default -> "matroska";
                }));
        return a;
    }

    private static String fmt(double sec) {
        return String.format(Locale.ROOT, "%.3f", sec);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
