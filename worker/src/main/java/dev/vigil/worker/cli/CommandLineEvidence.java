package dev.vigil.worker.cli;

import dev.vigil.worker.detect.Defect;
import dev.vigil.worker.evidence.DirectoryStore;
import dev.vigil.worker.evidence.EvidenceCapture;
import dev.vigil.worker.evidence.EvidenceLedger;
import dev.vigil.worker.evidence.EvidenceNaming;
import dev.vigil.worker.evidence.EvidenceRecorder;
import dev.vigil.worker.evidence.EvidenceRef;
import dev.vigil.worker.evidence.EvidenceSettings;
import dev.vigil.worker.evidence.EvidenceStore;
import dev.vigil.worker.evidence.MemoryStore;
import dev.vigil.worker.report.HtmlReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence for {@code vigil analyze}: with {@code --evidence DIR} thumbnails and clips go to files in DIR (named
 * by onset and type, {@code 00012.04s-freeze.jpg}); for an HTML report without a directory only thumbnails are
 * taken, in memory, to be inlined. Every defect of the run gets its evidence (up to a thousand).
 */
final class CommandLineEvidence {

    private final Path dir;
    private final MemoryStore memory;
    private final EvidenceCapture capture;
    private final EvidenceLedger ledger;
    private final EvidenceRecorder recorder;

    private CommandLineEvidence(Path dir, MemoryStore memory, EvidenceStore store) {
        this.dir = dir;
        this.memory = memory;
        this.capture = new EvidenceCapture(store, EvidenceSettings.forCommandLine(dir != null));
        this.ledger = new EvidenceLedger(store);
        this.recorder = capture.recorder("analyze", EvidenceNaming.forMediaTime(), ledger, Map.of());
    }

    /** Files in {@code dir}, created if needed. @throws IOException when it cannot be created */
    static CommandLineEvidence inDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new CommandLineEvidence(dir, null, new DirectoryStore(dir));
    }

    /** Thumbnails in memory, for an HTML report. */
    static CommandLineEvidence inMemory() {
        MemoryStore m = new MemoryStore(1000);
        return new CommandLineEvidence(null, m, m);
    }

    EvidenceRecorder recorder() {
        return recorder;
    }

    /** Waits for the captures still running (at most a minute), then closes the store. */
    void finish(PrintStream err) {
        try {
            if (!capture.awaitIdle(Duration.ofSeconds(60))) {
                err.println("vigil: evidence capture did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        capture.close();
    }

    /** The files of a defect's evidence ({@code thumbnail}, {@code clip}), as paths under the directory; empty if none. */
    Map<String, String> files(Defect d) {
        EvidenceRef r = ledger.find(d);
        Map<String, String> files = new LinkedHashMap<>();
        if (r == null || dir == null) {
            return files;
        }
        if (r.thumbnail() != null) {
            files.put("thumbnail", dir.resolve(r.thumbnail()).toString());
        }
        if (r.clip() != null) {
            files.put("clip", dir.resolve(r.clip()).toString());
        }
        return files;
    }

    /** For the text report: the files, or why there are none. */
    List<String> describe(Defect d) {
        EvidenceRef r = ledger.find(d);
        if (r == null) {
            return List.of("(none taken)");
        }
        List<String> out = new ArrayList<>(files(d).values());
        if (r.state() == EvidenceRef.State.LOST) {
            out.add("(lost: " + r.reason() + ")");
        }
        return out;
    }

    String where() {
        return dir == null ? "memory" : dir.toString();
    }

    /** For the HTML report: the thumbnail's bytes and a link to the clip. */
    HtmlReport.Evidence forHtml(Defect d) {
        EvidenceRef r = ledger.find(d);
        if (r == null) {
            return null;
        }
        byte[] jpeg = null;
        if (r.thumbnail() != null) {
            if (memory != null) {
                jpeg = memory.get(r.thumbnail());
            } else {
                try {
                    jpeg = Files.readAllBytes(dir.resolve(r.thumbnail()));
                } catch (IOException e) {
                    jpeg = null;
                }
            }
        }
        String clip = dir == null || r.clip() == null
                ? null
                : dir.resolve(r.clip()).toString().replace('\\', '/').replace(" ", "%20");
        return new HtmlReport.Evidence(jpeg, clip, r.onsetInClipSec(), r.state().wireName(), r.reason());
    }
}
