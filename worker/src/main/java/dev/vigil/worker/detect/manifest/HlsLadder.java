package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.util.List;

/** An HLS multivariant playlist: the variant streams and the alternative renditions that have a playlist. */
record HlsLadder(List<Rendition> variants, List<Rendition> media) {

    /**
     * @param audioGroup the AUDIO group a variant plays with (null: none, or its audio is muxed in)
     */
    record Rendition(String name, URI uri, long bandwidth, int width, int height, String audioGroup) {}

    HlsLadder {
        variants = List.copyOf(variants);
        media = List.copyOf(media);
    }

    /** Whether a variant's audio comes from a separate rendition the decoder would lose if it read the variant alone. */
    boolean separateAudio(Rendition variant) {
        return variant.audioGroup() != null
                && media.stream().anyMatch(m -> m.name().startsWith("audio:" + variant.audioGroup() + ":"));
    }
}
