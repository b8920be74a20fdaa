package dev.vigil.charts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The instructions of a Dockerfile that matter for its build context: COPY sources/targets, ENV, ENTRYPOINT, CMD. */
record Dockerfile(Path file, List<Copy> copies, List<String> env, List<String> entrypoint, List<String> cmd) {

    /** {@code COPY [--chown=..] src... dest}. */
    record Copy(List<String> sources, String target) {}

    private static final Pattern JSON_WORD = Pattern.compile("\"([^\"]*)\"");

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Copy> copies = new ArrayList<>();
        List<String> env = new ArrayList<>();
        List<String> entrypoint = List.of();
        List<String> cmd = List.of();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("COPY ")) {
                List<String> words =
                        new ArrayList<>(Arrays.asList(line.substring(5).strip().split("\\s+")));
                words.removeIf(w -> w.startsWith("--"));
                copies.add(new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
            } else if (line.startsWith("ENV ")) {
                env.add(line.substring(4).strip());
            } else if (line.startsWith("ENTRYPOINT ")) {
                entrypoint = jsonWords(line);
            } else if (line.startsWith("CMD ")) {
                cmd = jsonWords(line);
            }
        }
        return new Dockerfile(file, copies, env, entrypoint, cmd);
    }

    private static List<String> jsonWords(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = JSON_WORD.matcher(line);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
