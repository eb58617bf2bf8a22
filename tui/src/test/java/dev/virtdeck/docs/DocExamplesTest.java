package dev.virtdeck.docs;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@link DocExamples} takes for an example, and how {@link OutputMatch} compares output. */
class DocExamplesTest {

    @Test
    void plainBlocksGiveStepsWithTheirOutputAndShellBlocksOneExamplePerSnippet() {
        List<DocExamples.Example> all = DocExamples.parse("""
                text
                ```
                virtdeck [GLOBAL OPTIONS] COMMAND
                ```
                ```
                $ virtdeck hosts
                HOST  ADDRESS
                $ virtdeck list \\
                    -o json
                ```
                ```json
                {"hosts": []}
                ```
                <!-- example: not run — needs a real guest -->
                ```sh
                # one
                virtdeck start a
                # two
                for i in 1 2; do
                  virtdeck start b$i
                done

                # three, marked itself
                # example: exit 1
                virtdeck start c | tee out
                echo no virtdeck here is still a snippet with virtdeck in it
                ```
                <!-- example: exit 3 -->

                ```bash
                ls
                ```
                """.lines().toList());
        assertEquals(4, all.size(), all.toString());
        DocExamples.Example plain = all.get(0);
        assertEquals(6, plain.line());
        assertEquals(List.of(new DocExamples.Step("virtdeck hosts", List.of("HOST  ADDRESS")),
                new DocExamples.Step("virtdeck list \\\n    -o json", List.of())), plain.steps());
        assertEquals(0, plain.exitCode());
        assertNull(plain.notRun());
        assertEquals("needs a real guest", all.get(1).notRun());
        assertEquals("# one\nvirtdeck start a", all.get(1).steps().get(0).command());
        assertEquals("# two\nfor i in 1 2; do\n  virtdeck start b$i\ndone", all.get(2).steps().get(0).command());
        assertEquals(1, all.get(3).exitCode(), "its own directive; the block's marks it not run");
        assertEquals("needs a real guest", all.get(3).notRun());
    }

    @Test
    void anUnknownDirectiveIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> DocExamples.parse(List.of(
                "<!-- example: skip -->", "```", "$ virtdeck hosts", "```")));
    }

    @Test
    void outputMatchesModuloVaryingValuesOnly() {
        List<String> page = List.of("HOST   ADDRESS               LATENCY  UUID",
                "kvm1   root@127.0.0.1:45267  59 ms    fb8789c5-0216-40fe-a90c-0f9e1eaab6d0",
                "agent: pid 24940, listening on /run/user/1000/virtdeck/agent.sock, up 9m 59s",
                "...",
                "{\"started\":\"2026-12-07T16:12:03.711411222Z\",\"vcpus\":2}");
        List<String> run = List.of("HOST ADDRESS LATENCY UUID", "",
                "kvm1 root@127.0.0.1:1 123 ms 00000000-1111-2222-3333-444444444444",
                "agent: pid 7, listening on /tmp/junit-1/ex/run/virtdeck/agent.sock, up 2s",
                "anything", "else",
                "{\"started\":\"2027-01-01T00:00:00Z\",\"vcpus\":2}");
        assertNull(OutputMatch.mismatch(page, run));
        List<String> otherCount = run.stream().map(l -> l.replace("\"vcpus\":2", "\"vcpus\":3")).toList();
        assertEquals("after '...': [{\"started\":\"<time>\",\"vcpus\":2}]", OutputMatch.mismatch(page, otherCount));
        assertEquals("missing: b", OutputMatch.mismatch(List.of("a", "b"), List.of("a")));
        assertEquals("extra output: [b]", OutputMatch.mismatch(List.of("a"), List.of("a", "b")));
    }
}
