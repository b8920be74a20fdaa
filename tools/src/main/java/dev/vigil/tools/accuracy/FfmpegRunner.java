package dev.vigil.tools.accuracy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs FFmpeg's own detectors on a clip with the bundled FFmpeg, in one pass: {@code freezedetect=n=0.001:d=1},
 * {@code blackdetect=d=1:pix_th=0.10:pic_th=0.98}, {@code blockdetect} (defaults) on the picture,
 * {@code silencedetect=n=-60dB:d=2} and {@code astats} over 50 ms windows on the sound. The minimum durations are
 * Vigil's (1 s for the minor stage of freeze and black, 2 s for silence), the levels FFmpeg's defaults as Vigil's
 * are. Results are kept next to the clip, so a clip is measured once.
 */
final class FfmpegRunner {

    static final String VIDEO = "freezedetect=n=0.001:d=1,blackdetect=d=1:pix_th=0.10:pic_th=0.98,blockdetect";
    static final String AUDIO = "silencedetect=n=-60dB:d=2";

    private static final Pattern FREEZE_START = Pattern.compile("freeze_start: ([0-9.]+)");
    private static final Pattern FREEZE_END = Pattern.compile("freeze_end: ([0-9.]+)");
    private static final Pattern BLACK = Pattern.compile("black_start:([0-9.]+) black_end:([0-9.]+)");
    private static final Pattern SILENCE_START = Pattern.compile("silence_start: (-?[0-9.]+)");
    private static final Pattern SILENCE_END = Pattern.compile("silence_end: ([0-9.]+)");
    private static final Pattern PTS_TIME = Pattern.compile("pts_time:([0-9.e+-]+)");
    private static final Pattern DURATION = Pattern.compile("time=(\\d+):(\\d+):([0-9.]+)");

    /** What a peak level of minus infinity (digital silence) is kept as. */
    static final double SILENT_DB = -200;

    private static final ObjectMapper JSON = new ObjectMapper();

    FfmpegMeasurements measure(Path clip) {
        Path cached = clip.resolveSibling(clip.getFileName() + ".ffmpeg.json");
        try {
            if (Files.exists(cached)) {
                return JSON.readValue(cached.toFile(), FfmpegMeasurements.class);
            }
            Path block = Files.createTempFile("vigil-blockdetect", ".txt");
            Path astats = Files.createTempFile("vigil-astats", ".txt");
            try {
                String graph = "[0:v]" + VIDEO + ",metadata=mode=print:key=lavfi.block:file=" + block + "[vo];"
                        + "[0:a]" + AUDIO + ",asetnsamples=n=2400:p=0,astats=metadata=1:reset=1:measure_perchannel=none"
                        + ":measure_overall=Peak_level+Peak_count+Flat_factor,ametadata=mode=print:file=" + astats
                        + "[ao]";
                String log = Ffmpegs.run(
                        Ffmpegs.command(
                                Ffmpegs.bundled(),
                                "-loglevel",
                                "info",
                                "-i",
                                clip.toString(),
                                "-filter_complex",
                                graph,
                                "-map",
                                "[vo]",
                                "-map",
                                "[ao]",
                                "-f",
                                "null",
                                "-"),
                        600);
                FfmpegMeasurements m = parse(log, Files.readString(block), Files.readString(astats));
                JSON.writeValue(cached.toFile(), m);
                return m;
            } finally {
                Files.deleteIfExists(block);
                Files.deleteIfExists(astats);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot measure " + clip + " with FFmpeg: " + e.getMessage(), e);
        }
    }

    static FfmpegMeasurements parse(String log, String block, String astats) {
        double duration = 0;
        Matcher dm = DURATION.matcher(log);
        while (dm.find()) {
            duration = Integer.parseInt(dm.group(1)) * 3600
                    + Integer.parseInt(dm.group(2)) * 60
                    + Double.parseDouble(dm.group(3));
        }
        List<Detection> intervals = new ArrayList<>();
        double freezeStart = Double.NaN;
        double silenceStart = Double.NaN;
        for (String line : log.split("\n")) {
            Matcher m;
            if ((m = FREEZE_START.matcher(line)).find()) {
                freezeStart = Double.parseDouble(m.group(1));
            } else if ((m = FREEZE_END.matcher(line)).find() && !Double.isNaN(freezeStart)) {
                intervals.add(new Detection("freeze", freezeStart, Double.parseDouble(m.group(1)), null));
                freezeStart = Double.NaN;
            } else if ((m = BLACK.matcher(line)).find()) {
                intervals.add(
                        new Detection("black", Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), null));
            } else if ((m = SILENCE_START.matcher(line)).find()) {
                silenceStart = Math.max(0, Double.parseDouble(m.group(1)));
            } else if ((m = SILENCE_END.matcher(line)).find() && !Double.isNaN(silenceStart)) {
                intervals.add(new Detection("silence", silenceStart, Double.parseDouble(m.group(1)), null));
                silenceStart = Double.NaN;
            }
        }
        // still open when the media ended
        if (!Double.isNaN(freezeStart)) {
            intervals.add(new Detection("freeze", freezeStart, duration, null));
        }
        if (!Double.isNaN(silenceStart)) {
            intervals.add(new Detection("silence", silenceStart, duration, null));
        }
        List<FfmpegMeasurements.Sample> blocks = new ArrayList<>();
        double t = Double.NaN;
        for (String line : block.split("\n")) {
            Matcher m = PTS_TIME.matcher(line);
            if (m.find()) {
                t = Double.parseDouble(m.group(1));
            } else if (line.startsWith("lavfi.block=") && !Double.isNaN(t)) {
                blocks.add(new FfmpegMeasurements.Sample(
                        t, blockScore(line.substring("lavfi.block=".length()).trim())));
            }
        }
        List<FfmpegMeasurements.Window> windows = new ArrayList<>();
        double wt = Double.NaN;
        double peak = SILENT_DB;
        double count = 0;
        double flat = 0;
        for (String line : astats.split("\n")) {
            Matcher m = PTS_TIME.matcher(line);
            if (m.find()) {
                if (!Double.isNaN(wt)) {
                    windows.add(new FfmpegMeasurements.Window(wt, peak, count, flat));
                }
                wt = Double.parseDouble(m.group(1));
                peak = SILENT_DB;
                count = 0;
                flat = 0;
            } else if (line.startsWith("lavfi.astats.Overall.Peak_level=")) {
                peak = number(line);
            } else if (line.startsWith("lavfi.astats.Overall.Peak_count=")) {
                count = number(line);
            } else if (line.startsWith("lavfi.astats.Overall.Flat_factor=")) {
                flat = number(line);
            }
        }
        if (!Double.isNaN(wt)) {
            windows.add(new FfmpegMeasurements.Window(wt, peak, count, flat));
        }
        return new FfmpegMeasurements(intervals, blocks, windows, duration);
    }

    /** blockdetect says inf for a picture without any gradient between its block edges, nan for a flat one. */
    private static double blockScore(String v) {
        if (v.contains("inf")) {
            return v.startsWith("-") ? 0 : 1000;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isNaN(d) ? 0 : d;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double number(String line) {
        String v = line.substring(line.indexOf('=') + 1).trim();
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : SILENT_DB;
        } catch (NumberFormatException e) {
            return v.startsWith("-") ? SILENT_DB : 0; // "-inf" for digital silence
        }
    }
}
