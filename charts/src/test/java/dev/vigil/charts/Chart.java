package dev.vigil.charts;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.util.Map;

/** The Vigil chart, rendered in-process by Helm (helm-java), as {@code helm template} would. */
final class Chart {

    static final String RELEASE = "vigil";
    static final String NAMESPACE = "vigil-system";

    private Chart() {}

    /** {@code helm template vigil charts/vigil -n vigil-system --set k=v ...}. */
    static Rendered render(Map<String, Object> values) {
        TemplateCommand template =
                new Helm(RepoPaths.chart()).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return Rendered.parse(template.call());
    }

    static Rendered render() {
        return render(Map.of());
    }

    static LintResult lint() {
        return new Helm(RepoPaths.chart()).lint().strict().call();
    }
}
