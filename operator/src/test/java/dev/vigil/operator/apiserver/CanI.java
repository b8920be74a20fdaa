package dev.vigil.operator.apiserver;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code kubectl auth can-i} for a ServiceAccount, on the API server: one question is a verb on a resource (and
 * subresource, object name) in a namespace, answered by a SubjectAccessReview as the API server authenticates the
 * ServiceAccount's token (its user name and groups).
 */
record CanI(String verb, String group, String resource, String subresource, String name, String namespace) {

    static CanI of(String verb, String groupResource, String namespace) {
        return of(verb, groupResource, null, namespace);
    }

    /** {@code groupResource} as {@code group/resource[/subresource]}, the core group empty ({@code /secrets}). */
    static CanI of(String verb, String groupResource, String name, String namespace) {
        String[] parts = groupResource.split("/", -1);
        return new CanI(verb, parts[0], parts[1], parts.length > 2 ? parts[2] : "", name, namespace);
    }

    boolean askFor(KubernetesClient admin, String serviceAccountUser) {
        String accountNamespace = serviceAccountUser.split(":")[2];
        SubjectAccessReview review = new SubjectAccessReviewBuilder()
                .withNewSpec()
                .withUser(serviceAccountUser)
                .withGroups(
                        "system:serviceaccounts", "system:serviceaccounts:" + accountNamespace, "system:authenticated")
                .withNewResourceAttributes()
                .withVerb(verb)
                .withGroup(group)
                .withResource(resource)
                .withSubresource(subresource.isEmpty() ? null : subresource)
                .withName(name)
                .withNamespace(namespace)
                .endResourceAttributes()
                .endSpec()
                .build();
        return admin.authorization()
                .v1()
                .subjectAccessReview()
                .create(review)
                .getStatus()
                .getAllowed();
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                + (subresource.isEmpty() ? "" : "/" + subresource) + (name == null ? "" : " " + name)
                + (namespace == null ? " (cluster)" : " in " + namespace);
    }
}
