package dev.vigil.worker.detect.sync;

import dev.vigil.worker.testing.TestMedia;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Test media with a known audio/video offset, made by the bundled ffmpeg. The offset is put into the content (audio
 * delayed or advanced before encoding, so the timestamps look fine) unless said otherwise; positive = sound late.
 */
final class SyncClips {

    private SyncClips() {}

    /** A filter that moves the audio by {@code offsetMs}: delayed (padded) or advanced (trimmed), sample-exact. */
    static String shift(double offsetMs) {
        if (offsetMs >= 0) {
            return String.format(Locale.ROOT, "adelay=delays=%.3f:all=1", offsetMs);
        }
        return String.format(Locale.ROOT, "atrim=start=%.6f,asetpts=PTS-STARTPTS", -offsetMs / 1000);
    }

    /** FFmpeg's avsynctest (a one-frame flash and a beep every {@code period} s), 320x240 25 fps, H.264 + AAC in TS. */
    static Path flashAndBeep(double offsetMs, int seconds, int period) {
        return TestMedia.generate(
                "ts",
                "-filter_complex",
                "avsynctest=size=320x240:framerate=25:samplerate=48000:period=" + period + ":d=" + seconds
                        + "[a][v];[a]" + shift(offsetMs) + "[sa]",
                "-map",
                "[v]",
                "-map",
                "[sa]",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ac",
                "2",
                "-f",
                "mpegts",
                "OUT");
    }

    /** One shot of the edited programme: a picture source and the sound that belongs to it. */
    private record Shot(String picture, String sound, double seconds) {}

    /**
     * "Ordinary content", 84 s: 16 shots of 1.3 to 4 s (whole frames) from different lavfi pictures (test patterns,
     * a fractal zoom, cellular automata, noise, gradients), played forwards then backwards, each with its own sound (tones, noise colours, a tone with a beep every second, a
     * warbling tone), cut together; every cut changes picture and sound at once, and some shots have sound onsets or
     * motion of their own that belong to nothing on the other side.
     */
    static Path editedProgramme(double offsetMs) {
        return editedProgramme(offsetMs, false);
    }

    /** @param unrelatedSound the sound of another edit (shot lengths differ): no cut meets a sound change on purpose */
    static Path editedProgramme(double offsetMs, boolean unrelatedSound) {
        Shot[] once = {
            new Shot("testsrc2", "sine=frequency=440", 2.6),
            new Shot("mandelbrot", "anoisesrc=color=pink:amplitude=0.3", 3.12),
            new Shot("smptebars", "sine=frequency=1000:beep_factor=4", 3.72),
            new Shot(
                    "life=mold=10:ratio=0.1:death_color=#202020:life_color=#e0e0a0",
                    "anoisesrc=color=brown:amplitude=0.5",
                    1.92),
            new Shot("cellauto=rule=110", "sine=frequency=220", 2.2),
            new Shot("gradients=speed=0.02", "aevalsrc=0.4*sin(2*PI*(600+200*sin(2*PI*3*t))*t)", 3.4),
            new Shot("rgbtestsrc", "anoisesrc=color=white:amplitude=0.1", 1.32),
            new Shot("testsrc", "sine=frequency=3000,volume=0.3", 2.92),
            new Shot("color=c=0x3050a0,noise=alls=20:allf=t", "sine=frequency=150", 2.4),
            new Shot("mandelbrot=start_scale=1", "sine=frequency=700:beep_factor=2", 4.0),
            new Shot("smptehdbars", "anoisesrc=color=pink:amplitude=0.6", 1.6),
            new Shot("life=ratio=0.3", "aevalsrc=0.3*sin(2*PI*330*t)*(0.6+0.4*sin(2*PI*0.5*t))", 3.32),
            new Shot("testsrc2=alpha=0", "anoisesrc=color=violet:amplitude=0.2", 2.12),
            new Shot("cellauto=rule=30", "sine=frequency=880,volume=0.2", 2.8),
            new Shot("gradients=speed=0.05:c0=red:c1=blue", "sine=frequency=520", 1.8),
            new Shot("yuvtestsrc", "anoisesrc=color=blue:amplitude=0.3", 3.0),
        };
        // the reel twice, the second time backwards
        Shot[] shots = new Shot[2 * once.length];
        for (int i = 0; i < once.length; i++) {
            shots[i] = once[i];
            shots[shots.length - 1 - i] = once[i];
        }
        StringBuilder graph = new StringBuilder();
        StringBuilder pictures = new StringBuilder();
        StringBuilder sounds = new StringBuilder();
        for (int i = 0; i < shots.length; i++) {
            Shot s = shots[i];
            Shot heard = unrelatedSound ? shots[(i + 5) % shots.length] : s;
            graph.append(s.picture())
                    .append(",scale=320:240,setsar=1,fps=25,format=yuv420p,trim=duration=")
                    .append(seconds(s))
                    .append(",setpts=PTS-STARTPTS[v")
                    .append(i)
                    .append("];");
            graph.append(heard.sound())
                    .append(",aresample=48000,atrim=duration=")
                    .append(seconds(heard))
                    .append(",asetpts=PTS-STARTPTS,aformat=sample_fmts=fltp:channel_layouts=stereo[a")
                    .append(i)
                    .append("];");
            pictures.append("[v").append(i).append(']');
            sounds.append("[a").append(i).append(']');
        }
        // pictures and sounds are cut separately: with the same shot lengths every cut changes both at once
        graph.append(pictures)
                .append("concat=n=")
                .append(shots.length)
                .append(":v=1:a=0[v];")
                .append(sounds)
                .append("concat=n=")
                .append(shots.length)
                .append(":v=0:a=1[a];[a]")
                .append(shift(offsetMs))
                .append("[sa]");
        return TestMedia.generate(
                "ts",
                "-filter_complex",
                graph.toString(),
                "-map",
                "[v]",
                "-map",
                "[sa]",
                "-c:v",
                "libopenh264",
                "-b:v",
                "600k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-f",
                "mpegts",
                "OUT");
    }

    private static String seconds(Shot s) {
        return String.format(Locale.ROOT, "%.2f", s.seconds());
    }

    /**
     * The same clip with its audio track moved by {@code offsetMs} in the container only ({@code -itsoffset}, stream
     * copy): the content is untouched, the timestamps say the audio starts later.
     */
    static Path timestampShifted(Path clip, double offsetMs) {
        return TestMedia.generate(
                "ts",
                "-i",
                clip.toString(),
                "-itsoffset",
                String.format(Locale.ROOT, "%.3f", offsetMs / 1000),
                "-i",
                clip.toString(),
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-c",
                "copy",
                "-f",
                "mpegts",
                "OUT");
    }

    /**
     * Flash and beep whose audio runs slow by {@code ppm} parts per million (played at 48000 Hz but sampled as if at
     * 48000 / (1 + ppm)): the sound falls behind the picture by {@code ppm * 60 / 1000} ms per minute, while the
     * timestamps stay regular.
     */
    static Path drifting(int ppm, int seconds) {
        long rate = Math.round(48000 / (1 + ppm / 1e6));
        return TestMedia.generate(
                "ts",
                "-filter_complex",
                "avsynctest=size=320x240:framerate=25:samplerate=48000:period=2:d=" + seconds + "[a][v];[a]asetrate="
                        + rate + ",aresample=48000[sa]",
                "-map",
                "[v]",
                "-map",
                "[sa]",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-ac",
                "2",
                "-f",
                "mpegts",
                "OUT");
    }

    /** The clip with its audio timestamps stretched by {@code ppm} (stream copy): an audio clock at another rate. */
    static Path timestampDrift(Path clip, int ppm) {
        String factor = String.format(Locale.ROOT, "%.6f", 1 + ppm / 1e6);
        return TestMedia.generate(
                "ts",
                "-i",
                clip.toString(),
                "-c",
                "copy",
                "-bsf:a",
                "setts=pts=PTS*" + factor + ":dts=DTS*" + factor,
                "-f",
                "mpegts",
                "OUT");
    }

    /** A moving test picture and a steady tone: nothing on either side to pair (like a talking head over music). */
    static Path featureless(int seconds) {
        return TestMedia.generate(
                "ts",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=320x240:rate=25",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000,volume=0.5",
                "-t",
                Integer.toString(seconds),
                "-ac",
                "2",
                "-c:v",
                "libopenh264",
                "-b:v",
                "400k",
                "-g",
                "50",
                "-c:a",
                "aac",
                "-b:a",
                "96k",
                "-f",
                "mpegts",
                "OUT");
    }

    /**
     * The clip with its audio timestamps moved by {@code jumpMs} from {@code atSec} on (stream copy): a packager that
     * shifts one track mid-stream. (TS timestamps start at 1.4 s, ffmpeg's default mux delay.)
     */
    static Path timestampStep(Path clip, double atSec, double jumpMs) {
        long at = Math.round((1.4 + atSec) * 90_000);
        long jump = Math.round(jumpMs * 90);
        String shifted = "if(gte(PTS\\," + at + ")\\,PTS+" + jump + "\\,PTS)";
        String shiftedDts = shifted.replace("PTS", "DTS");
        return TestMedia.generate(
                "ts",
                "-i",
                clip.toString(),
                "-c",
                "copy",
                "-bsf:a",
                "setts=pts=" + shifted + ":dts=" + shiftedDts,
                "-f",
                "mpegts",
                "OUT");
    }
}
