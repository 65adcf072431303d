package org.mdinference.protocol;

import java.util.List;
import org.mdinference.core.Policies;

/**
 * The one check of a policy's name, wherever one comes in: a request's {@code policy} parameter on the server, the
 * SDK's per-request option, the server's configuration, the command line. The names themselves are core's
 * {@link Policies#NAMES}.
 */
public final class PolicyNames {

    private PolicyNames() {
    }

    /**
     * @return {@code name}, one of {@link Policies#NAMES}
     * @throws IllegalArgumentException naming the unknown policy and the known ones
     */
    public static String check(String name) {
        return check(name, Policies.NAMES);
    }

    /**
     * @param known the names accepted here (the simulator's include its oracle)
     * @return {@code name}, one of {@code known}
     * @throws IllegalArgumentException naming the unknown policy and the known ones
     */
    public static String check(String name, List<String> known) {
        if (!known.contains(name)) {
            // String.join is Android API 26; the SDK claims 24
            StringBuilder names = new StringBuilder();
            for (String each : known) {
                names.append(names.length() == 0 ? "" : ", ").append(each);
            }
            throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + names + ")");
        }
        return name;
    }
}
