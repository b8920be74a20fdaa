package dev.vigil.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.worker.cli.ExitCodes;
import dev.vigil.worker.cli.VigilCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bin/vigil} sends exactly the tools' commands to this jar, and none of them exists in the worker's. */
class ToolsCliTest {

    /** The launcher's case branch that picks the tools jar, e.g. {@code bench|bench-ml|ml-dataset)}. */
    static final Pattern TOOLS_BRANCH = Pattern.compile("(?m)^\\s*([a-z-]+(?:\\|[a-z-]+)*)\\)\\s*MODULE=tools\\b");

    @Test
    void theLauncherDispatchesEveryToolCommandAndNothingElse() throws IOException {
        String launcher = Files.readString(repositoryRoot().resolve("bin/vigil"));
        Matcher branch = TOOLS_BRANCH.matcher(launcher);
        assertThat(branch.find()).as("bin/vigil's tools branch").isTrue();

        assertThat(new TreeSet<>(List.of(branch.group(1).split("\\|")))).isEqualTo(commands(new ToolsCli()));
    }

    @Test
    void theWorkerJarHasNoneOfTheToolCommands() {
        assertThat(commands(new VigilCli()))
                .doesNotContainAnyElementsOf(commands(new ToolsCli()))
                .contains("analyze", "worker", "ffmpeg");
    }

    @Test
    void aToolRejectsBadArgumentsWithTheUsageExitCode() {
        assertThat(ToolsCli.run("bench", "--seconds", "0")).isEqualTo(ExitCodes.USAGE);
        assertThat(ToolsCli.run("bench", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(ToolsCli.run("bench-evidence", "--seconds", "10"))
                .as("the ring holds 12 s")
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ToolsCli.run("ml-dataset", "--help")).isEqualTo(ExitCodes.OK);
    }

    static Set<String> commands(Object cli) {
        Set<String> names = new TreeSet<>(new CommandLine(cli).getSubcommands().keySet());
        names.remove("help");
        return names;
    }

    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/vigil"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("a folder above %s with bin/vigil", Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }
}
