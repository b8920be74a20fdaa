package dev.vigil.worker.cli;

/** The exit codes of {@code vigil analyze}; scripts depend on them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Defects were found and {@code --fail-on-defect} was given. */
    public static final int DEFECTS = 1;
    /** Bad arguments or configuration. */
    public static final int USAGE = 2;
    /** The source could not be opened or read. */
    public static final int SOURCE = 3;

    private ExitCodes() {}
}
