package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A login session. {@code this_host} is the member whose socket received the login (a local-superuser login
 * over the member's own UNIX socket), so a client can learn which member it is connected to.
 */
final class XSession extends XObject {

    final XHost thisHost;
    final String uname;
    final String originator;
    final Instant since = Instant.now().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);

    XSession(XHost thisHost, String uname, String originator) {
        this.thisHost = thisHost;
        this.uname = uname;
        this.originator = originator;
    }

    @Override
    String cls() {
        return "session";
    }

    @Override
    Map<String, Object> record() {
        return struct(
                "uuid", uuid,
                "this_host", thisHost.ref,
                "this_user", NULL_REF,
                "last_active", since,
                "pool", false,
                "other_config", struct(),
                "is_local_superuser", true,
                "subject", NULL_REF,
                "validation_time", since,
                "auth_user_sid", "",
                "auth_user_name", uname,
                "rbac_permissions", List.of(),
                "tasks", List.of(),
                "parent", NULL_REF,
                "originator", originator,
                "client_certificate", false);
    }
}
