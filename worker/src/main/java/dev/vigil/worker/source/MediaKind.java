package dev.vigil.worker.source;

/** The elementary streams Vigil decodes: one video and one audio stream per source. */
public enum MediaKind {
    VIDEO,
    AUDIO
}
