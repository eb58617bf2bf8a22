package dev.virtdeck.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Root's shell on the bare Debian host of lab/bare/up.sh, through this machine's OpenSSH client (what an
 * admin would use; virtdeck itself is what is under test), with the address, key and known_hosts that
 * up.sh wrote into its inventory.
 */
record BareShell(String address, int port, String user, Path identity, Path knownHosts) {

    /** What a remote command did: its exit code and its stdout and stderr, merged. */
    record Result(int code, String out) {
        @Override
        public String toString() {
            return "exit " + code + ":\n" + out;
        }
    }

    /** @return the shell of host {@code bare} of up.sh's inventory */
    static BareShell of(Path inventory) throws IOException {
        JsonNode h = new ObjectMapper(new YAMLFactory()).readTree(inventory.toFile()).path("hosts").path("bare");
        return new BareShell(h.path("address").asText(), h.path("port").asInt(22), h.path("user").asText("root"),
                Path.of(h.path("identity").asText()), Path.of(h.path("known_hosts").asText()));
    }

    /** Runs {@code script} in the remote login shell (bash). */
    Result run(String script) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh"));
        cmd.addAll(options("-p"));
        cmd.addAll(List.of(user + "@" + address, script));
        return exec(cmd);
    }

    /** Copies a local file to {@code remotePath}. */
    Result copy(Path local, String remotePath) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("scp"));
        cmd.addAll(options("-P"));
        cmd.addAll(List.of(local.toString(), user + "@" + address + ":" + remotePath));
        return exec(cmd);
    }

    private List<String> options(String portFlag) {
        return List.of("-q", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "UserKnownHostsFile=" + knownHosts,
                "-i", identity.toString(), portFlag, String.valueOf(port));
    }

    private static Result exec(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n[killed after 5 minutes: " + cmd + "]");
        }
        return new Result(p.exitValue(), out);
    }
}
