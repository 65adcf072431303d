package org.mdinference.server.model;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.mdinference.core.Zoo;

/**
 * A zoo ready to serve: its name, which is also the name of the virtual model that selects a member per request,
 * its members, and what must be closed when serving ends (the runtime's sessions).
 */
public record ServedZoo(String name, List<ServedModel> members, AutoCloseable resources) implements AutoCloseable {

    public ServedZoo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(resources, "resources");
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("zoo " + name + " has no models to serve");
        }
        Set<String> names = new HashSet<>();
        for (ServedModel member : members) {
            if (!names.add(member.name())) {
                throw new IllegalArgumentException("model " + member.name() + " appears twice in zoo " + name);
            }
        }
        if (names.contains(name)) {
            throw new IllegalArgumentException("zoo " + name + " has a member of its own name; the zoo's name is"
                    + " the virtual model that selects a member, so it must differ");
        }
    }

    public Optional<ServedModel> member(String model) {
        return members.stream().filter(m -> m.name().equals(model)).findFirst();
    }

    /**
     * The member whose profiled batch of one is the quickest, of those in service when any is: what warm-ups and
     * load tests send to first.
     */
    public ServedModel fastest() {
        Comparator<ServedModel> quickest = Comparator.comparingDouble(m -> m.costs().singleMs());
        return members.stream().filter(ServedModel::available).min(quickest)
                .orElseGet(() -> members.stream().min(quickest).orElseThrow());
    }

    /** The members as the selection algorithm sees them, with their profiled latency. */
    public Zoo toZoo() {
        return new Zoo(members.stream().map(ServedModel::toModel).toList());
    }

    @Override
    public void close() throws Exception {
        resources.close();
    }
}
