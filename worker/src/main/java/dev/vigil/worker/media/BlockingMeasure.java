package dev.vigil.worker.media;

/**
 * Blocking artifact strength measured on one frame on the coding grid.
 *
 * @param score 0 for no visible block edges; larger means stronger blocking
 */
public record BlockingMeasure(double score) {
}
