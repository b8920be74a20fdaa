package dev.vigil.worker.detect.manifest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Every URL the manifest detector is about to request passes here: the playlist or MPD itself, the URIs it lists
 * (renditions, segments) and every redirect. Only http and https, and never from https down to http: a playlist
 * cannot point the worker at a file, another protocol or a plain-text copy of an encrypted origin. This is the one
 * place to apply a wider source policy (allowed hosts, address ranges) when the project has one.
 */
public final class ManifestUrls {

    private ManifestUrls() {}

    /** The source URL itself. */
    public static URI source(String url) throws ManifestException {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new ManifestException("not a valid URL");
        }
        requireHttp(u);
        return u;
    }

    /** A URI found in a playlist or MPD, resolved against the document it came from. */
    public static URI resolve(URI base, String reference) throws ManifestException {
        URI target;
        try {
            target = base.resolve(new URI(reference.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ManifestException("listed URI is not valid");
        }
        requireHttp(target);
        noDowngrade(base, target);
        return target;
    }

    /** A redirect from {@code from} to {@code location} (the Location header, maybe relative). */
    public static URI redirect(URI from, String location) throws ManifestException {
        return resolve(from, location);
    }

    private static void requireHttp(URI u) throws ManifestException {
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ManifestException("refused a URI with scheme '" + scheme + "' (only http and https are read)");
        }
        if (u.getHost() == null) {
            throw new ManifestException("refused a URI without a host");
        }
    }

    private static void noDowngrade(URI from, URI to) throws ManifestException {
        if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme())) {
            throw new ManifestException("refused to go from https to http");
        }
    }
}
