package dev.vigil.api.v1alpha1;

/** Names of the {@code vigil.dev/v1alpha1} API, for annotations and clients. */
public final class VigilApi {

    public static final String GROUP = "vigil.dev";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;
    /** {@code kubectl get vigil} lists every Vigil resource. */
    public static final String CATEGORY = "vigil";

    private VigilApi() {}
}
