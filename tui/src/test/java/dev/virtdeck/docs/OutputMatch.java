package dev.virtdeck.docs;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether a command's output matches what a page shows after it, in substance: the same lines, in
 * the same order, with the same words, keys, columns and numbers, except the values that differ from
 * run to run. Both sides are normalized line by line, replacing only those values:
 * <ol>
 *   <li>a UUID by {@code <uuid>}, an ISO-8601 UTC time by {@code <time>};</li>
 *   <li>the port after an IPv4 address ({@code 127.0.0.1:45267}) by {@code <port>};</li>
 *   <li>a latency or a time taken ({@code 59 ms}, {@code 0.4 s}) and a pid ({@code pid 24940}) by
 *       {@code <n>}; a duration ({@code 12s}, {@code 9m 59s}) by {@code <duration>};</li>
 *   <li>a path under {@code /tmp/}, {@code /run/user/} or {@code /home/} by {@code .../} and its last
 *       component ({@code /run/user/1000/virtdeck/agent.sock} = {@code /tmp/junit1/run/virtdeck/agent.sock});</li>
 *   <li>runs of blanks by one space (table columns widen with their values); blank lines are dropped.</li>
 * </ol>
 * Every other number must be equal. A page line that is just {@code ...} stands for any number of
 * lines (none included).
 */
final class OutputMatch {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?Z");
    private static final Pattern PORT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,3}){3}):\\d+");
    private static final Pattern LATENCY = Pattern.compile("\\b\\d+(?:\\.\\d+)?( ?ms|\\ss)\\b");
    private static final Pattern DURATION = Pattern.compile("\\b\\d+[hms](?: \\d+[hms])*\\b");
    private static final Pattern PID = Pattern.compile("\\bpid \\d+");
    private static final Pattern VARYING_PATH = Pattern.compile("/(?:tmp|run/user|home)/[^\\s\"',;)]*/");
    private static final String ANY = "...";

    private OutputMatch() {
    }

    static String normalize(String line) {
        String s = UUID.matcher(line).replaceAll("<uuid>");
        s = TIME.matcher(s).replaceAll("<time>");
        s = PORT.matcher(s).replaceAll("$1:<port>");
        s = LATENCY.matcher(s).replaceAll("<n>$1");
        s = DURATION.matcher(s).replaceAll("<duration>");
        s = PID.matcher(s).replaceAll("pid <n>");
        s = VARYING_PATH.matcher(s).replaceAll(".../");
        return s.strip().replaceAll("\\s+", " ");
    }

    /** @return null when {@code actual} matches {@code expected}, else the first page line that does not */
    static String mismatch(List<String> expected, List<String> actual) {
        List<String> want = expected.stream().map(OutputMatch::normalize).filter(l -> !l.isEmpty()).toList();
        List<String> got = actual.stream().map(OutputMatch::normalize).filter(l -> !l.isEmpty()).toList();
        return match(want, 0, got, 0) ? null : firstMiss(want, got);
    }

    private static boolean match(List<String> want, int w, List<String> got, int g) {
        if (w == want.size()) return g == got.size();
        if (want.get(w).equals(ANY)) {
            for (int k = g; k <= got.size(); k++) if (match(want, w + 1, got, k)) return true;
            return false;
        }
        return g < got.size() && want.get(w).equals(got.get(g)) && match(want, w + 1, got, g + 1);
    }

    private static String firstMiss(List<String> want, List<String> got) {
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i).equals(ANY)) return "after '...': " + want.subList(i + 1, want.size());
            if (i >= got.size()) return "missing: " + want.get(i);
            if (!want.get(i).equals(got.get(i))) return "expected: " + want.get(i) + "\n     got: " + got.get(i);
        }
        return "extra output: " + got.subList(want.size(), got.size());
    }
}
