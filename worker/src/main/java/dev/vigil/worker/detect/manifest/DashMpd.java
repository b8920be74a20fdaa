package dev.vigil.worker.detect.manifest;

import java.io.StringReader;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * One read of a DASH MPD, reduced to what the checks need: the MPD's timing attributes, each representation's
 * SegmentTemplate and SegmentTimeline (expanded into segments), and the EventStream events.
 * <p>Read with the JDK's StAX parser (DTDs and external entities off): the one maintained Java MPD model on Maven
 * Central, io.lindstrom:mpd-parser, needs Java 21 from 0.15 on and Jackson XML besides, for a dozen attributes.
 */
record DashMpd(
        boolean dynamic,
        Instant publishTime,
        Instant availabilityStartTime,
        Duration minimumUpdatePeriod,
        List<Representation> representations,
        List<Event> events) {

    /** Timeline entries expanded beyond this are ignored (a live window has a few hundred). */
    static final int MAX_SEGMENTS = 20_000;

    record Segment(long number, long time, long duration) {}

    record Representation(String id, long bandwidth, long timescale, String media, URI base, List<Segment> segments) {

        double durationSec(Segment s) {
            return s.duration() / (double) timescale;
        }

        Segment newest() {
            return segments.isEmpty() ? null : segments.get(segments.size() - 1);
        }

        /** The segment's URL from the template ($RepresentationID$, $Number$, $Time$, $Bandwidth$, %0Nd widths). */
        URI url(Segment s) throws ManifestException {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < media.length()) {
                int open = media.indexOf('$', i);
                if (open < 0) {
                    b.append(media, i, media.length());
                    break;
                }
                int close = media.indexOf('$', open + 1);
                if (close < 0) {
                    throw new ManifestException("bad SegmentTemplate media");
                }
                b.append(media, i, open);
                String token = media.substring(open + 1, close);
                int pct = token.indexOf('%');
                String name = pct < 0 ? token : token.substring(0, pct);
                String format = pct < 0 ? "%d" : token.substring(pct);
                switch (name) {
                    case "" -> b.append('$');
                    case "RepresentationID" -> b.append(id);
                    case "Number" -> b.append(String.format(Locale.ROOT, format, s.number()));
                    case "Time" -> b.append(String.format(Locale.ROOT, format, s.time()));
                    case "Bandwidth" -> b.append(String.format(Locale.ROOT, format, bandwidth));
                    default -> throw new ManifestException("unknown SegmentTemplate identifier $" + name + "$");
                }
                i = close + 1;
            }
            return ManifestUrls.resolve(base, b.toString());
        }
    }

    record Event(String scheme, String id, double presentationTimeSec, double durationSec) {}

    DashMpd {
        representations = List.copyOf(representations);
        events = List.copyOf(events);
    }

    double maxSegmentSec() {
        double max = 0;
        for (Representation r : representations) {
            for (Segment s : r.segments()) {
                max = Math.max(max, r.durationSec(s));
            }
        }
        return max;
    }

    /** Reads an MPD. */
    static DashMpd parse(String text, URI location) throws ManifestException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        try {
            return new Reader(f.createXMLStreamReader(new StringReader(text)), location).read();
        } catch (XMLStreamException | RuntimeException e) {
            String m = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ManifestException("not a valid MPD: " + (m.length() > 120 ? m.substring(0, 120) : m));
        }
    }

    /** The parse state: the element path's inherited values (BaseURL, SegmentTemplate) as it goes. */
    private static final class Reader {
        private final XMLStreamReader x;
        /** BaseURL in force at the MPD, Period, AdaptationSet and Representation levels. */
        private final URI[] bases = new URI[4];

        private final boolean[] baseGiven = new boolean[4];
        private int level;
        private boolean dynamic;
        private Instant publish;
        private Instant ast;
        private Duration mup;
        private final List<Representation> reps = new ArrayList<>();
        private final List<Event> events = new ArrayList<>();
        private Template setTemplate;
        private Template repTemplate;
        private String repId;
        private long repBandwidth;
        private boolean inRepresentation;
        private Template current;
        private String eventScheme;
        private long eventTimescale = 1;
        private int segmentsSeen;

        Reader(XMLStreamReader x, URI location) {
            this.x = x;
            this.bases[0] = location;
        }

        DashMpd read() throws XMLStreamException, ManifestException {
            boolean sawMpd = false;
            StringBuilder text = null;
            while (x.hasNext()) {
                int ev = x.next();
                if (ev == XMLStreamConstants.START_ELEMENT) {
                    String n = x.getLocalName();
                    switch (n) {
                        case "MPD" -> {
                            sawMpd = true;
                            dynamic = "dynamic".equals(attr("type"));
                            publish = instant(attr("publishTime"));
                            ast = instant(attr("availabilityStartTime"));
                            mup = duration(attr("minimumUpdatePeriod"));
                        }
                        case "Period" -> {
                            enter(1);
                            setTemplate = null;
                        }
                        case "AdaptationSet" -> {
                            enter(2);
                            setTemplate = null;
                        }
                        case "Representation" -> {
                            enter(3);
                            inRepresentation = true;
                            repTemplate = null;
                            repId = attr("id");
                            repBandwidth = longAttr("bandwidth", 0);
                        }
                        case "SegmentTemplate" -> {
                            Template parent = inRepresentation ? setTemplate : null;
                            current = new Template(
                                    attr("media"),
                                    longAttr("timescale", parent == null ? 1 : parent.timescale),
                                    longAttr("startNumber", parent == null ? 1 : parent.startNumber));
                            if (parent != null && current.media == null) {
                                current.media = parent.media;
                            }
                            if (parent != null) {
                                current.segments.addAll(parent.segments);
                            }
                            if (inRepresentation) {
                                repTemplate = current;
                            } else {
                                setTemplate = current;
                            }
                        }
                        case "SegmentTimeline" -> {
                            if (current != null) {
                                current.segments.clear();
                                current.nextTime = 0;
                            }
                        }
                        case "S" -> timelineEntry();
                        case "BaseURL" -> text = new StringBuilder();
                        case "EventStream" -> {
                            eventScheme = attr("schemeIdUri");
                            eventTimescale = longAttr("timescale", 1);
                        }
                        case "Event" -> {
                            if (eventScheme != null) {
                                events.add(new Event(
                                        eventScheme,
                                        attr("id"),
                                        longAttr("presentationTime", 0) / (double) eventTimescale,
                                        longAttr("duration", 0) / (double) eventTimescale));
                            }
                        }
                        default -> {}
                    }
                } else if (ev == XMLStreamConstants.CHARACTERS && text != null) {
                    text.append(x.getText());
                } else if (ev == XMLStreamConstants.END_ELEMENT) {
                    String n = x.getLocalName();
                    switch (n) {
                        case "BaseURL" -> {
                            baseUrl(text.toString());
                            text = null;
                        }
                        case "Representation" -> {
                            Template t = repTemplate != null ? repTemplate : setTemplate;
                            if (t != null && t.media != null) {
                                String id = repId != null ? repId : String.valueOf(reps.size());
                                reps.add(new Representation(
                                        id, repBandwidth, t.timescale, t.media, bases[3], t.numbered()));
                            }
                            inRepresentation = false;
                            level = 2;
                        }
                        case "AdaptationSet" -> level = 1;
                        case "Period" -> level = 0;
                        case "SegmentTemplate" -> current = null;
                        case "EventStream" -> eventScheme = null;
                        default -> {}
                    }
                }
            }
            if (!sawMpd) {
                throw new ManifestException("not a valid MPD: no MPD element");
            }
            return new DashMpd(dynamic, publish, ast, mup, reps, events);
        }

        private void enter(int l) {
            level = l;
            bases[l] = bases[l - 1];
            baseGiven[l] = false;
        }

        /** A BaseURL applies to the level it sits in (the first one of a level; alternatives are for failover). */
        private void baseUrl(String value) throws ManifestException {
            String v = value.trim();
            if (!v.isEmpty() && !baseGiven[level]) {
                baseGiven[level] = true;
                bases[level] = ManifestUrls.resolve(bases[level], v);
            }
        }

        private void timelineEntry() {
            if (current == null) {
                return;
            }
            long d = longAttr("d", 0);
            if (d <= 0) {
                return;
            }
            String ta = attr("t");
            long t = ta != null ? Long.parseLong(ta) : current.nextTime;
            long r = longAttr("r", 0);
            if (r < 0) {
                r = 0; // "until the next S or the period end": the next S gives its own start, enough for the checks
            }
            for (long i = 0; i <= r && segmentsSeen < MAX_SEGMENTS; i++, segmentsSeen++) {
                current.segments.add(new long[] {t, d});
                t += d;
            }
            current.nextTime = t;
        }

        private String attr(String name) {
            return x.getAttributeValue(null, name);
        }

        private long longAttr(String name, long fallback) {
            String v = attr(name);
            return v == null ? fallback : Long.parseLong(v.trim());
        }

        private static Instant instant(String v) {
            if (v == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(v).toInstant();
            } catch (DateTimeParseException e) {
                return Instant.parse(v.endsWith("Z") ? v : v + "Z");
            }
        }

        private static Duration duration(String v) {
            return v == null ? null : Duration.parse(v);
        }
    }

    private static final class Template {
        String media;
        final long timescale;
        final long startNumber;
        final List<long[]> segments = new ArrayList<>();
        long nextTime;

        Template(String media, long timescale, long startNumber) {
            this.media = media;
            this.timescale = timescale;
            this.startNumber = startNumber;
        }

        List<Segment> numbered() {
            List<Segment> out = new ArrayList<>(segments.size());
            for (int i = 0; i < segments.size(); i++) {
                out.add(new Segment(startNumber + i, segments.get(i)[0], segments.get(i)[1]));
            }
            return out;
        }
    }
}
