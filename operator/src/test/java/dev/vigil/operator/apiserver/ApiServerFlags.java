package dev.vigil.operator.apiserver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Extra kube-apiserver flags for one {@link RealApiServer} test class, as pairs: {@code {"--flag", "value", ...}}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiServerFlags {
    String[] value();
}
