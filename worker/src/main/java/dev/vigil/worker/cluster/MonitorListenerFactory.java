package dev.vigil.worker.cluster;

import dev.vigil.api.v1alpha1.StreamMonitor;
import dev.vigil.worker.session.SessionListener;

/**
 * Extension point for what else hears a monitor's session events (notifications, per-defect metrics): the
 * runtime calls {@link #create} each time it starts a session for a monitor, and fans the session's events
 * out to the status writer and to every listener created. A listener's exceptions are caught and logged;
 * they never reach the session or the other listeners. Calls for one session come in order, one at a time.
 */
@FunctionalInterface
public interface MonitorListenerFactory {

    /** A listener for the session about to start for {@code monitor}; return null to skip this monitor. */
    SessionListener create(StreamMonitor monitor);
}
