package dev.vigil.operator.app;

import dev.vigil.operator.config.VigilOperatorConfig;
import dev.vigil.operator.placement.PlacementLoop;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Leader election, configured explicitly: the replicas compete for the Lease {@code vigil-operator}; only the
 * leader runs the controllers (JOSDK) and the placement loop (started and stopped by the callbacks here).
 * Active in the profiles listed by {@code quarkus.operator-sdk.activate-leader-election-for-profiles}
 * (default: prod); elsewhere the placement loop starts with the application. On shutdown the loop stops
 * (bounded wait) before the client closes; JOSDK releases the Lease when it stops.
 */
@ApplicationScoped
public class Leadership {

    private static final System.Logger LOG = System.getLogger(Leadership.class.getName());

    private final PlacementLoop loop;

    public Leadership(PlacementLoop loop) {
        this.loop = loop;
    }

    @Produces
    @Singleton
    LeaderElectionConfiguration leaderElection(VigilOperatorConfig config) {
        var le = config.leaderElection();
        String pod = System.getenv("POD_NAME");
        // built with the constructor: JOSDK 5.3's builder refuses exitOnStopLeading (withExitOnStopLeading throws)
        // and its build() sets it to false, which would leave a replica that lost the lease reconciling.
        // Losing the lease ends the process instead: Kubernetes restarts it as a follower.
        return new LeaderElectionConfiguration(
                le.leaseName(),
                le.leaseNamespace().orElse(null),
                le.leaseDuration(),
                le.renewDeadline(),
                le.retryPeriod(),
                pod != null && !pod.isBlank() ? pod : null,
                new LeaderCallbacks(
                        this::startLeading,
                        this::stopLeading,
                        leader -> LOG.log(System.Logger.Level.INFO, "operator leader is now " + leader)),
                true);
    }

    void onStart(@Observes StartupEvent event) {
        if (!leaderElectionActive()) {
            startLeading();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        loop.close();
    }

    void startLeading() {
        LOG.log(System.Logger.Level.INFO, "starting the placement loop");
        loop.start();
    }

    void stopLeading() {
        LOG.log(System.Logger.Level.INFO, "stopping the placement loop");
        loop.close();
    }

    static boolean leaderElectionActive() {
        List<String> activeFor = ConfigProvider.getConfig()
                .getOptionalValues("quarkus.operator-sdk.activate-leader-election-for-profiles", String.class)
                .orElse(List.of("prod"));
        return ConfigUtils.getProfiles().stream().anyMatch(activeFor::contains);
    }
}
