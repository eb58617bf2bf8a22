package dev.virtdeck.cli.complete;

import dev.virtdeck.cli.Main;
import dev.virtdeck.inventory.Selector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code __complete} protocol every shell script relies on: what is offered where, from the
 * picocli model, the inventory of {@code -i} and the VM-name cache; bash's replies quoted and cut
 * where readline replaces (after {@code :} and {@code =}); zsh and fish get whole unquoted words.
 */
class CompletionProtocolTest {
    /** bash's default COMP_WORDBREAKS. */
    static final String BREAKS = " \t\n\"'@><=;|&(:";
    static CommandSpec model;
    @TempDir
    Path dir;
    Path inv;

    @BeforeAll
    static void model() {
        model = Main.model();
    }

    @BeforeEach
    void inventory() throws Exception {
        inv = Files.writeString(dir.resolve("inv.yaml"), """
                hosts:
                  kvm1: {address: 10.0.0.1, groups: [rack], tags: [prod]}
                  kvm2: {address: 10.0.0.2, groups: [rack, edge]}
                  tag: {address: 10.0.0.3}
                """);
    }

    List<String> bash(String line) {
        return CompleteCommand.answer(model, List.of("bash", BREAKS, line), dir);
    }

    List<String> zsh(String line) {
        return CompleteCommand.answer(model, List.of("zsh", line), dir);
    }

    private static List<String> words(String directive, String... w) {
        List<String> out = new java.util.ArrayList<>(List.of(directive));
        out.addAll(List.of(w));
        return out;
    }

    @Test
    void subcommandsAtEveryLevelButNotHiddenOnes() {
        assertEquals(words("words", "list"), bash("virtdeck li"));
        assertEquals(words("words", "create"), bash("virtdeck snapshot cr"));
        assertEquals(words("words", "export"), bash("virtdeck -o yaml inventory e"));
        assertFalse(bash("virtdeck ").contains(CompleteCommand.NAME));
        assertTrue(bash("virtdeck ").containsAll(List.of("hosts", "list", "start", "snapshot", "completion")));
        assertEquals(words("words"), bash("virtdeck __comp"));
    }

    @Test
    void optionsAndTheirValuesFromTheAnnotations() {
        assertEquals(words("words", "json", "jsonl"), bash("virtdeck list -o js"));
        assertEquals(words("words", "json", "jsonl"), bash("virtdeck list --output=js"), "bash replaces after '='");
        assertEquals(words("words", "--output=json", "--output=jsonl"), zsh("virtdeck list --output=js"));
        assertEquals(words("words", "host", "vm"), bash("virtdeck start --order "));
        assertEquals(words("words", "bash"), bash("virtdeck completion b"));
        assertEquals(words("words", "on", "off"), bash("virtdeck autostart kvm1:web o"), "SELECTOR... on|off");
        List<String> opts = bash("virtdeck start --");
        assertTrue(opts.containsAll(List.of("--dry-run", "--max-fail", "--inventory", "--output")), opts.toString());
        assertEquals(words("files"), bash("virtdeck -i "));
        assertEquals(words("files"), bash("virtdeck list --known-hosts "));
    }

    @Test
    void selectorsOfferHostsGroupsAndTagsOfTheInventoryOnTheLine() {
        List<String> all = zsh("virtdeck -i " + inv + " start ");
        assertEquals(words("words nospace", "kvm1:", "kvm2:", "ta[g]:", "@rack", "@edge", "tag:prod"), all);
        assertEquals(words("words", "@rack"), bash("virtdeck start -i " + inv + " @r"), "readline keeps a leading '@'");
        assertEquals(words("words", "@rack"), zsh("virtdeck start -i " + inv + " @r"));
        assertEquals(words("words", "prod"), bash("virtdeck --inventory=" + inv + " list tag:p"));
        assertEquals(words("words", "kvm1", "kvm2"), bash("virtdeck -i " + inv + " host-info kvm"),
                "a HOST parameter takes plain host names");
        assertEquals(words("words"), bash("virtdeck -i " + dir.resolve("missing.yaml") + " start kv"),
                "no inventory: nothing to offer, no error");
    }

    @Test
    void relativeInventoryIsTakenFromTheShellsDirectory() {
        assertEquals(words("words nospace", "kvm1:", "kvm2:"), bash("virtdeck -i inv.yaml list kv"));
        assertEquals(words("words nospace", "kvm1:", "kvm2:"), bash("virtdeck -i 'inv.yaml' list kv"));
    }

    @Test
    void limitCompletesTheLastTermOfItsList() {
        assertEquals(words("words", "rack"), bash("virtdeck -i " + inv + " -l ra"));
        assertEquals(words("words", "rack,!kvm1", "rack,!kvm2"), zsh("virtdeck -i " + inv + " -l rack,!kv"));
        assertEquals(words("words nospace", "kvm2:", "@rack", "@edge"), zsh("virtdeck -i " + inv + " -l edge start "),
                "a limit on the line leaves the other hosts out");
        assertEquals(words("words nospace", "kvm1:", "kvm2:"), zsh("virtdeck -i " + inv + " -l nosuch list kv"),
                "a limit that matches nothing (being typed): the whole inventory");
    }

    @Test
    void cachedVmNamesCompleteQuotedForBashAndCutAfterTheColon() throws Exception {
        InventorySource src = InventorySource.of(inv.toString(), dir, dir.resolve("ssh_config"));
        VmNameCache.of(src.key()).record(Map.of("kvm1", List.of("vd it's", "vd*glob?[ab]", "web"), "gone", List.of("x")));

        assertEquals(words("words raw", "vd it's", "vd\\*glob\\?\\[ab\\]"), bash("virtdeck -i " + inv + " start kvm1:vd"),
                "after the ':', unquoted: readline quotes them (and their common prefix)");
        assertEquals(words("words raw", "vd it's"), bash("virtdeck -i " + inv + " start kvm1:vd\\ i"));
        assertEquals(words("words", "kvm1:vd it'\\''s"), bash("virtdeck -i " + inv + " start 'kvm1:vd i"),
                "inside an open quote readline replaces from after the quote (no break there): continued in it");
        assertEquals(words("words", "kvm1:vd it's"), bash("virtdeck -i " + inv + " start \"kvm1:vd i"));
        assertEquals(words("words", Selector.exact("kvm1", "vd it's"), Selector.exact("kvm1", "vd*glob?[ab]")),
                zsh("virtdeck -i " + inv + " start kvm1:vd"), "zsh gets the selectors unquoted");
        assertEquals(words("words", "web"), zsh("virtdeck -i " + inv + " start w"), "a VM alone, on any host");
        assertFalse(zsh("virtdeck -i " + inv + " start ").contains("gone:x"), "hosts left the inventory: not offered");

        Path other = Files.writeString(dir.resolve("other.yaml"), "hosts:\n  kvm1: {address: 10.0.0.9}\n");
        assertEquals(words("words nospace", "kvm1:"), zsh("virtdeck -i " + other + " start kvm"),
                "another inventory's cache is another file");
    }

    @Test
    void quotedMatchesNeverShareHalfAnEscape() throws Exception {
        InventorySource src = InventorySource.of(inv.toString(), dir, dir.resolve("ssh_config"));
        VmNameCache.of(src.key()).record(Map.of("kvm1", List.of("vd$a", "vd b")));
        // '$' is left unquoted by readline's own quoting: quoted here, and their common prefix
        // "vd\" would be inserted by readline: "vd" is offered too, so that it inserts "vd"
        assertEquals(words("words", "vd\\$a", "vd\\ b", "vd"), bash("virtdeck -i " + inv + " start kvm1:v"));
    }

    @Test
    void shellLineSplitsAsTheShellQuotes() {
        ShellLine l = ShellLine.parse("virtdeck 'a b' \"c\\\"d\" e\\ f kvm1:g", BREAKS);
        assertEquals(List.of("virtdeck", "a b", "c\"d", "e f", "kvm1:g"), l.words());
        assertEquals("virtdeck 'a b' \"c\\\"d\" e\\ f kvm1:".length(), l.replaceFrom());
        ShellLine blank = ShellLine.parse("virtdeck list ", BREAKS);
        assertEquals("", blank.current());
        assertEquals(14, blank.replaceFrom());
        ShellLine open = ShellLine.parse("virtdeck 'kvm1:a", BREAKS);
        assertEquals('\'', open.quote());
        assertEquals(10, open.replaceFrom());
        assertEquals("kvm1:a", open.current());
    }
}
