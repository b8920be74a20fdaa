package dev.vigil.tools.ml.eval;

import dev.vigil.worker.ffmpeg.BundledFfmpeg;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's {@code blockdetect} on the frames an evaluation kept: one ffmpeg run per picture size over the raw
 * grey frames, reading {@code lavfi.block} per frame from {@code metadata=print}.
 */
public final class BlockdetectRun {

    private static final Pattern VALUE = Pattern.compile("lavfi\\.block=([0-9.eE+-]+)");

    private BlockdetectRun() {}

    /** blockdetect's score for every frame of the evaluation, in its order. */
    public static Scores score(CorruptionEvaluation eval) throws IOException, InterruptedException {
        Map<String, Deque<Double>> bySize = new HashMap<>();
        for (String size : new java.util.LinkedHashSet<>(eval.frameSizes())) {
            bySize.put(size, new ArrayDeque<>(run(eval.framesDir().resolve(size + ".gray"), size, eval.framesDir())));
        }
        Scores s = new Scores();
        List<Boolean> labels = eval.labels();
        for (int i = 0; i < labels.size(); i++) {
            Double v = bySize.get(eval.frameSizes().get(i)).poll();
            if (v == null) {
                throw new IOException("blockdetect returned fewer frames than were kept");
            }
            s.add(v, labels.get(i));
        }
        return s;
    }

    private static List<Double> run(Path raw, String size, Path dir) throws IOException, InterruptedException {
        Path out = dir.resolve(size + ".blockdetect.txt");
        List<String> cmd = List.of(
                BundledFfmpeg.path(),
                "-hide_banner",
                "-nostdin",
                "-y",
                "-loglevel",
                "error",
                "-f",
                "rawvideo",
                "-pix_fmt",
                "gray",
                "-s",
                size,
                "-r",
                "25",
                "-i",
                raw.toString(),
                "-vf",
                "blockdetect=period_min=3:period_max=24:planes=1,metadata=print:key=lavfi.block:file="
                        + out.toString().replace("\\", "/").replace(":", "\\:"),
                "-f",
                "null",
                "-");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("blockdetect failed: " + log);
        }
        List<Double> values = new ArrayList<>();
        Matcher m = VALUE.matcher(Files.readString(out));
        while (m.find()) {
            values.add(Double.parseDouble(m.group(1)));
        }
        return values;
    }
}
