package dev.vigil.worker.evidence;

import dev.vigil.worker.source.MediaKind;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * One compressed packet held for evidence: a reference to the demuxer's buffer (no copy of the data), its
 * stream, where it falls on the session timeline, and whether a decoder can start at it.
 */
record RingPacket(AVPacket av, MediaKind kind, double sec, boolean key, int size) {}
