package dev.virtdeck.ssh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared runner of virsh and xl: command lines, exit-code/stderr mapping, stdin-fed runs. */
class ToolRunnerTest {
    /** A tool that prefixes its errors with "tool: ", says "no such thing" and refuses with "too big". */
    private static final ToolRunner.Errors ERRORS = new ToolRunner.Errors(
            stderr -> stderr.strip().replaceFirst("^tool: ", ""),
            why -> why.contains("no such thing"),
            why -> why.contains("too big") ? "refused: " + why : null);

    private static ToolRunner runner(SshHost ssh, boolean sudo) {
        return new ToolRunner("h1", ssh, sudo, ERRORS, List.of("tool", "-c", "x:///"));
    }

    private static ExecResult failed(int exit, String stdout, String stderr) {
        return new ExecResult("LC_ALL=C tool -c x:/// go vm1", exit, stdout, stderr, Duration.ZERO);
    }

    @Test
    void commandsStartWithTheToolAndFollowTheSudoRule() {
        assertEquals("LC_ALL=C tool -c x:/// shutdown -w domu", runner(null, false).command(List.of("shutdown", "-w", "domu"))
                .shellLine());
        assertEquals("sudo -n LC_ALL=C tool -c x:/// list", runner(null, true).command(List.of("list")).shellLine());
        assertEquals("sudo -n LC_ALL=C rm -f /a", runner(null, true).program(List.of("rm", "-f", "/a")).shellLine());
        assertEquals("LC_ALL=C tee /a", runner(null, false).program(List.of("tee", "/a")).shellLine());
    }

    @Test
    void aLoginWithoutTheToolIsSaidInTheToolsWordsOnlyWhenItHasSome() {
        ToolRunner.Errors worded = new ToolRunner.Errors(ERRORS.errorText(), ERRORS.notFound(), ERRORS.refusal(),
                "tool not found on the host's PATH");
        ExecResult sh = failed(127, "", "sh: 1: tool: not found\n");
        ExecResult sudo = failed(1, "", "sudo: tool: command not found\n");
        for (ExecResult r : List.of(sh, sudo)) {
            VirtdeckException e = ToolRunner.failure("h1", "vm1", r, worded);
            assertInstanceOf(CommandFailedException.class, e);
            assertEquals("h1: vm1: `LC_ALL=C tool -c x:/// go vm1` exited " + r.exitCode()
                    + ": tool not found on the host's PATH", e.getMessage());
        }
        // without words of its own, the shell's are shown
        assertEquals("h1: vm1: `LC_ALL=C tool -c x:/// go vm1` exited 127: sh: 1: tool: not found",
                runner(null, false).failure("vm1", sh).getMessage());
        // the tool's own exit 1 is not a missing tool
        assertNull(ToolRunner.missingTool("h1", "vm1", failed(1, "", "tool: too slow\n"), worded));
    }

    @Test
    void unknownVmBecomesNotFound() {
        VirtdeckException e = runner(null, false).failure("vm1", failed(1, "", "tool: no such thing 'vm1'\n"));
        assertInstanceOf(VmNotFoundException.class, e);
        assertEquals("h1", e.host());
        assertEquals("vm1", e.vm());
        assertEquals("LC_ALL=C tool -c x:/// go vm1", e.command());
        assertEquals("no such VM", e.detail());
    }

    @Test
    void refusalsBecomeInvalidRequestsInTheToolsWords() {
        VirtdeckException e = ToolRunner.failure("h1", "vm1", failed(1, "", "tool: 9 is too big\n"), ERRORS);
        assertInstanceOf(InvalidRequestException.class, e);
        assertEquals("refused: 9 is too big", e.detail(), "the refusal sees the error text, not raw stderr");
        assertEquals("h1: vm1: refused: 9 is too big", e.getMessage());
    }

    @Test
    void anythingElseKeepsTheFullResult() {
        VirtdeckException e = runner(null, false).failure(null, failed(3, "partial\n", "tool: disk full\n"));
        CommandFailedException c = assertInstanceOf(CommandFailedException.class, e);
        assertEquals(3, c.exitCode());
        assertEquals("partial\n", c.stdout());
        assertEquals("tool: disk full\n", c.stderr());
        assertNull(c.vm());
        assertNull(c.getCause());
        assertTrue(c.detail().contains("exited 3: tool: disk full"), c.detail());
    }

    @Test
    void okRequiresExitZeroAndMapsTheRest() {
        ScriptedSsh ssh = new ScriptedSsh()
                .on(List.of("tool", "list"), Answer.ok("a\nb\n"))
                .on(List.of("tool", "start", "gone"), Answer.fail("tool: no such thing\n"))
                .on(List.of("tool", "start"), new Answer(0, "", "tool: no such thing\n"));
        ToolRunner tool = runner(ssh, true);
        assertEquals("a\nb\n", tool.ok(null, List.of("list")).stdout());
        assertThrows(VmNotFoundException.class, () -> tool.ok("gone", List.of("start", "gone")));
        assertEquals(0, tool.ok("here", List.of("start", "here")).exitCode(), "success is the exit code, not stderr");
        assertEquals(1, tool.run(List.of("start", "gone")).exitCode(), "run returns whatever the exit code");
        assertTrue(ssh.commands.stream().allMatch(RemoteCommand::sudo));
        ExecResult r = failed(0, "", "");
        assertSame(r, tool.require("vm1", r));
    }

    @Test
    void inputGoesToStdinAndTheResultComesBack() {
        ScriptedSsh ssh = new ScriptedSsh()
                .on(List.of("tee", "/etc/xen/vm1.cfg"), Answer.ok("name = 'vm1'\n"))
                .on(List.of("define"), new Answer(1, "", "tool: too big\n"));
        ToolRunner tool = runner(ssh, false);
        byte[] cfg = "name = 'vm1'\n".getBytes(StandardCharsets.UTF_8);
        ExecResult r = tool.runWithInput(tool.program(List.of("tee", "/etc/xen/vm1.cfg")), cfg, Duration.ofSeconds(5),
                "vm1");
        assertEquals(0, r.exitCode());
        assertEquals("name = 'vm1'\n", r.stdout());
        assertEquals("LC_ALL=C tee /etc/xen/vm1.cfg", r.command());
        ExecResult d = tool.runWithInput(tool.command(List.of("define", "/dev/stdin")), new byte[] {'<', '/', '>'},
                Duration.ofSeconds(5), null);
        assertEquals(1, d.exitCode(), "a failed run is returned, not thrown");
        assertEquals("tool: too big\n", d.stderr());
        assertEquals(List.of("name = 'vm1'\n", "</>"), ssh.stdins);
    }

    @Test
    void aProgramThatNeverEndsTimesOut() {
        ToolRunner tool = runner(hostStarting(OutputStream.nullOutputStream()), false);
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class, () -> tool.runWithInput(
                tool.command(List.of("define", "/dev/stdin")), new byte[0], Duration.ofMillis(60), "vm1"));
        assertEquals("vm1", e.vm());
        assertEquals("LC_ALL=C tool -c x:/// define /dev/stdin", e.command());
        assertTrue(e.detail().startsWith("no answer within"), e.detail());
    }

    @Test
    void aBrokenChannelIsACommandFailure() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("channel closed");
            }
        };
        ToolRunner tool = runner(hostStarting(broken), false);
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> tool.runWithInput(
                tool.program(List.of("tee", "/x")), new byte[] {1}, Duration.ofSeconds(5), "vm1"));
        assertEquals(-1, e.exitCode());
        assertTrue(e.stderr().contains("channel closed"), e.stderr());
    }

    /** A host whose started processes take {@code stdin}, print nothing and never end. */
    private static SshHost hostStarting(OutputStream stdin) {
        RemoteProcess endless = (RemoteProcess) Proxy.newProxyInstance(RemoteProcess.class.getClassLoader(),
                new Class<?>[] {RemoteProcess.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "stdout", "stderr" -> new ByteArrayInputStream(new byte[0]);
                    case "stdin" -> stdin;
                    case "isOpen" -> true;
                    default -> null; // exitStatus: still running; close: nothing to do
                });
        return (SshHost) Proxy.newProxyInstance(SshHost.class.getClassLoader(), new Class<?>[] {SshHost.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("start")) return endless;
                    throw new AssertionError("unexpected call: " + method.getName());
                });
    }
}
