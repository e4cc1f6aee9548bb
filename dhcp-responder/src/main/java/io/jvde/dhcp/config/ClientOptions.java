package io.jvde.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The options a scope hands to its clients: the typed ones jvde encodes itself and raw ones by code.
 *
 * @param routers      option 3
 * @param dns          option 6
 * @param domainName   option 15 (null = none)
 * @param domainSearch option 119
 * @param ntp          option 42
 * @param mtu          option 26 (0 = none)
 * @param routes       option 121
 * @param raw          raw options by code (wire values), overriding the typed fields above
 */
public record ClientOptions(List<Integer> routers, List<Integer> dns, String domainName, List<String> domainSearch,
                            List<Integer> ntp, int mtu, List<ClasslessRoute> routes, Map<Integer, byte[]> raw) {
    public ClientOptions {
        routers = List.copyOf(routers);
        dns = List.copyOf(dns);
        domainSearch = List.copyOf(domainSearch);
        ntp = List.copyOf(ntp);
        routes = List.copyOf(routes);
        raw = Map.copyOf(new TreeMap<>(raw));
    }

    /** These options with {@code servers} as option 6. */
    public ClientOptions withDns(final List<Integer> servers) {
        return new ClientOptions(routers, servers, domainName, domainSearch, ntp, mtu, routes, raw);
    }
}
