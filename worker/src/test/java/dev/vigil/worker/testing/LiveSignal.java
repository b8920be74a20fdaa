package dev.vigil.worker.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A live test signal sent in real time (-re) by the bundled ffmpeg: a moving 320x240 test picture and a
 * 440 Hz tone, with silence and/or black injected over given intervals of the sender's own timeline.
 */
public final class LiveSignal {

    private double seconds = 12;
    private double silenceFrom = -1;
    private double silenceTo = -1;
    private double blackFrom = -1;
    private double blackTo = -1;
    private boolean realTime = true;
    private int gop = 12;

    public LiveSignal seconds(double s) {
        seconds = s;
        return this;
    }

    /** Encode as fast as possible instead of in real time (for on-demand presentations). */
    public LiveSignal asFastAsPossible() {
        realTime = false;
        return this;
    }

    /** Pictures from one key picture to the next (12 by default). */
    public LiveSignal gop(int pictures) {
        gop = pictures;
        return this;
    }

    public LiveSignal silence(double from, double to) {
        silenceFrom = from;
        silenceTo = to;
        return this;
    }

    public LiveSignal black(double from, double to) {
        blackFrom = from;
        blackTo = to;
        return this;
    }

    /** ffmpeg arguments up to (not including) the output format and URL. */
    public List<String> inputAndCodecs() {
        String video = "testsrc2=size=320x240:rate=25";
        if (blackFrom >= 0) {
            video += String.format(
                    Locale.ROOT, ",drawbox=color=black:t=fill:enable='between(t,%.2f,%.2f)'", blackFrom, blackTo);
        }
        String audio = "sine=frequency=440:sample_rate=48000";
        if (silenceFrom >= 0) {
            audio += String.format(
                    Locale.ROOT, ",volume=volume=0:enable='between(t,%.2f,%.2f)'", silenceFrom, silenceTo);
        }
        List<String> args = new ArrayList<>();
        if (realTime) {
            args.add("-re");
        }
        args.addAll(List.of(
                "-f",
                "lavfi",
                "-i",
                video,
                "-f",
                "lavfi",
                "-i",
                audio,
                "-t",
                Double.toString(seconds),
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "300k",
                "-g",
                Integer.toString(gop),
                "-c:a",
                "aac",
                "-b:a",
                "64k"));
        return args;
    }

    /** Starts sending to {@code url} in {@code format} (mpegts, flv, rtsp, hls…). */
    public Process sendTo(String format, String url, String... extraOutputOptions) {
        List<String> args = inputAndCodecs();
        args.addAll(List.of(extraOutputOptions));
        args.addAll(List.of("-f", format, url));
        return TestMedia.start(args.toArray(String[]::new));
    }
}
