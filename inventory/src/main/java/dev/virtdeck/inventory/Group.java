package dev.virtdeck.inventory;

import java.util.List;

/**
 * A group declared in the inventory's {@code groups:} section.
 *
 * @param name  group name
 * @param hosts all member host names in host file order: those listed under {@code groups:} and
 *              those naming the group in their own {@code groups:} list
 */
public record Group(String name, List<String> hosts) {
    public Group {
        hosts = List.copyOf(hosts);
    }
}
