package dev.virtdeck.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** virsh emulation through the real OpenSSH client, against the recorded libvirt 9.0.0 outputs. */
class VirshSshTest extends SimTestBase {

    private static final String V = "LC_ALL=C virsh -c qemu:///system ";

    private static SimHost lab() {
        SimHost h = SimHost.of(HostKind.KVM, "kvm1").cpus(2).acpiShutdownDelay(Duration.ofMillis(100));
        h.addVm("tiny1", "8f8fe1cb-0be8-41f0-8359-b42fe86416dc").memory(256).vcpus(1, 2);
        h.addVm("tinykvm", "4d42270e-65c7-4371-8e17-677a1454165c").memory(256).vcpus(1, 2);
        return h;
    }

    private static String out(String file) {
        return Reference.block("virsh/" + file, "stdout");
    }

    private static String err(String file) {
        return Reference.block("virsh/" + file, "stderr");
    }

    @Test
    void outputsMatchTheRecordedFiles() throws Exception {
        SimHost h = lab();
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            // ids 1 and 2 used up, so tiny1 gets id 3 as in the recordings
            assertEquals(0, ssh.run(V + "'start --domain tiny1; destroy --domain tiny1; start tiny1; destroy tiny1'").exit());
            OpenSsh.Result start = ssh.run(V + "start tiny1");
            assertEquals(0, start.exit());
            assertEquals(out("start-success.txt"), start.stdout());
            assertEquals(out("list-all-mixed.txt"), ssh.run(V + "list --all").stdout());
            assertEquals(out("list-name.txt"), ssh.run(V + "list --all --name").stdout());
            assertEquals(out("list-uuid.txt"), ssh.run(V + "list --all --uuid").stdout());
            assertEquals(out("domuuid.txt"), ssh.run(V + "domuuid tiny1").stdout());
            assertEquals(out("domstate-reason-running.txt"), ssh.run(V + "domstate tiny1 --reason").stdout());
            assertEquals(out("version.txt"), ssh.run(V + "version").stdout());
            assertEquals(out("maxvcpus.txt"), ssh.run(V + "maxvcpus").stdout());
            String info = ssh.run(V + "dominfo --domain tiny1").stdout();
            assertEquals(out("dominfo-running.txt").replaceAll("CPU time: +[0-9.]+s", "CPU time"),
                    info.replaceAll("CPU time: +[0-9.]+s", "CPU time"));
            assertEquals(out("dominfo-shutoff.txt").replace("196608", "262144").replace("tiny1", "tinykvm")
                    .replace("8f8fe1cb-0be8-41f0-8359-b42fe86416dc", "4d42270e-65c7-4371-8e17-677a1454165c"),
                    ssh.run(V + "dominfo tinykvm").stdout());
            assertEquals(out("suspend-success.txt"), ssh.run(V + "suspend tiny1").stdout());
            assertEquals(out("list-all-paused.txt").replace(" 4    tinykvm   running", " -    tinykvm   shut off")
                    .replace("-------------------------\n", "--------------------------\n"),
                    ssh.run(V + "list --all").stdout());
            assertEquals(out("domstate-reason-paused.txt"), ssh.run(V + "domstate tiny1 --reason").stdout());
            assertEquals(out("resume-success.txt"), ssh.run(V + "resume tiny1").stdout());
            assertEquals(out("domstate-reason-unpaused.txt"), ssh.run(V + "domstate tiny1 --reason").stdout());
            assertEquals(out("reboot-success.txt").replace("tinykvm", "tiny1"), ssh.run(V + "reboot tiny1").stdout());
            assertEquals(out("destroy-success.txt"), ssh.run(V + "destroy tiny1").stdout());
            assertEquals(out("domstate-reason-destroyed.txt"), ssh.run(V + "domstate tiny1 --reason").stdout());
            assertEquals(out("list-running-empty.txt"), ssh.run(V + "list").stdout());
            assertEquals(out("domblklist-nodisk.txt"), ssh.run(V + "domblklist tiny1").stdout());
            String node = ssh.run(V + "nodeinfo").stdout();
            List<String> recorded = Arrays.asList(out("nodeinfo.txt").split("\n"));
            List<String> ours = Arrays.asList(node.split("\n"));
            assertEquals(recorded.size(), ours.size());
            for (int i = 0; i < recorded.size(); i++) {
                assertEquals(recorded.get(i).replaceAll("\\d+", "N"), ours.get(i).replaceAll("\\d+", "N"));
            }
        }
    }

    @Test
    void errorsHaveTheRecordedTextsStreamsAndExitCodes() throws Exception {
        SimHost h = lab();
        h.vm("tiny1").state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            record Case(String cmd, String file) {}
            for (Case c : List.of(new Case("dominfo nosuchvm", "error-unknown-domain-dominfo.txt"),
                    new Case("destroy tinykvm", "error-destroy-notrunning.txt"),
                    new Case("resume tiny1", "error-resume-notpaused.txt"),
                    new Case("start tiny1", "error-start-already-running.txt"),
                    new Case("frobnicate tiny1", "error-unknown-command.txt"))) {
                OpenSsh.Result r = ssh.run(V + c.cmd());
                assertEquals(1, r.exit(), c.cmd());
                assertEquals(out(c.file()), r.stdout(), c.cmd());
                assertEquals(err(c.file()).replace("tinykvm", "tiny1").replace("'tiny1'", "'" + c.cmd().split(" ")[1] + "'"),
                        r.stderr(), c.cmd());
            }
            OpenSsh.Result uri = ssh.run("LC_ALL=C virsh -c xen:///system list");
            assertEquals(1, uri.exit());
            assertEquals(err("error-bad-uri.txt"), uri.stderr());
            OpenSsh.Result setmem = ssh.run(V + "setmem --domain tiny1 --size 999999999 --live");
            assertEquals(err("test-driver-error-setmem-over-max.txt"), setmem.stderr());
            OpenSsh.Result setmax = ssh.run(V + "setmaxmem --domain tiny1 --size 999999 --live");
            assertEquals(err("test-driver-error-setmaxmem-running.txt"), setmax.stderr());
            assertEquals(1, setmax.exit());
            // a parse error anywhere in a command string runs nothing
            OpenSsh.Result parse = ssh.run(V + "'destroy tiny1; list --all --frob'");
            assertEquals(1, parse.exit());
            assertEquals("error: command 'list' doesn't support option --frob\n", parse.stderr());
            assertEquals(VmPowerState.RUNNING, h.vm("tiny1").state());
        }
    }

    @Test
    void sessionsOfSeveralCommandsBehaveLikeTheTestDriverCapture() throws Exception {
        SimHost h = SimHost.of(HostKind.KVM, "k");
        h.addVm("test", "6695eb01-f6a4-8304-79aa-97f2502e193f").memory(2048, 8192).vcpus(2).state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            String recorded = out("test-driver-lifecycle-session.txt");
            OpenSsh.Result first = ssh.run(V + "'list --all; suspend test; list --all; domstate test --reason; resume test'");
            assertEquals(0, first.exit());
            assertEquals(recorded.substring(0, recorded.indexOf("Domain 'test' is being shutdown")), first.stdout());
            h.vm("test").state(VmPowerState.POWEROFF, "shutdown");
            OpenSsh.Result last = ssh.run(V + "'start test; destroy test; domstate test --reason'");
            assertEquals(recorded.substring(recorded.indexOf("Domain 'test' started")), last.stdout());
            h.vm("test").state(VmPowerState.RUNNING);
            String saved = out("test-driver-managedsave-session.txt");
            OpenSsh.Result ms = ssh.run(V + "'managedsave test; list --all; list --all --managed-save; domstate test --reason'");
            assertEquals(saved.substring(0, saved.indexOf("Id:")), ms.stdout());
            assertTrue(ssh.run(V + "dominfo test").stdout().contains("Managed save:   yes\n"));
            OpenSsh.Result undef = ssh.run(V + "undefine --domain test");
            assertEquals("error: Refusing to undefine while domain managed save image exists\n", undef.stderr());
            // the driver's list script: one invocation, echo separators, the last command's exit code
            String script = "list --all --uuid --name; echo @@virtdeck-section@@; list --all --transient --name; "
                    + "echo @@virtdeck-section@@; list --all --with-managed-save --name; echo @@virtdeck-section@@; "
                    + "domstats --raw --state --cpu-total --balloon --vcpu";
            OpenSsh.Result list = ssh.run(V + "'" + script + "'");
            assertEquals(0, list.exit());
            assertEquals("6695eb01-f6a4-8304-79aa-97f2502e193f test\n\n@@virtdeck-section@@\n\n@@virtdeck-section@@\n"
                    + "test\n\n@@virtdeck-section@@\nDomain: 'test'\n  state.state=5\n  state.reason=5\n  cpu.time=",
                    list.stdout().substring(0, list.stdout().indexOf("cpu.time=") + 9));
            assertTrue(list.stdout().endsWith("  balloon.current=2097152\n  balloon.maximum=8388608\n"
                    + "  vcpu.current=2\n  vcpu.maximum=2\n\n"), list.stdout());
        }
    }

    @Test
    void domstatsOfARunningDomainHasTheRecordedKeys() throws Exception {
        SimHost h = lab();
        h.vm("tiny1").state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            String ours = OpenSsh.to(s, dir).run(V + "domstats tiny1 --raw").stdout();
            assertEquals(keys(out("domstats-running-raw.txt")), keys(ours));
            String off = OpenSsh.to(s, dir).run(V + "domstats tinykvm").stdout();
            assertEquals(keys(out("domstats-shutoff.txt")).subList(1, 11), keys(off).subList(1, 11));
        }
    }

    private static List<String> keys(String domstats) {
        return Arrays.stream(domstats.split("\n")).map(l -> l.replaceAll("=.*", "=")).toList();
    }

    @Test
    void defineAttachDiskAndUndefineWithDiskFiles() throws Exception {
        SimHost h = SimHost.of(HostKind.KVM, "k");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            String xml = "<domain type='kvm'><name>a b &amp; 'c'</name><memory unit='KiB'>262144</memory>"
                    + "<currentMemory unit='KiB'>196608</currentMemory><vcpu placement='static' current='1'>2</vcpu>"
                    + "<os><type>hvm</type></os></domain>";
            OpenSsh.Result def = ssh.run(V + "define --file /dev/stdin", xml);
            assertEquals(0, def.exit(), def.stderr());
            assertEquals("Domain 'a b & 'c'' defined from /dev/stdin\n\n", def.stdout());
            SimVm vm = h.vm("a b & 'c'");
            assertEquals(192, vm.memoryCurMb());
            assertEquals(2, vm.vcpusMax());
            OpenSsh.Result dup = ssh.run(V + "define --file /dev/stdin", xml);
            assertEquals(1, dup.exit());
            assertTrue(dup.stderr().startsWith("error: Failed to define domain from /dev/stdin\nerror: operation "
                    + "failed: domain 'a b & 'c'' already exists with uuid "), dup.stderr());

            String disk = "/guest/diskimage1";
            h.files().putImage("/guest/other.img", 0); // the directory exists
            assertEquals(1, ssh.run("test -e " + disk).exit());
            OpenSsh.Result img = ssh.run("LC_ALL=C qemu-img create -q -f qcow2 " + disk + " 1024M");
            assertEquals(0, img.exit(), img.stderr());
            assertEquals("", img.stdout());
            assertEquals(0, ssh.run("test -e " + disk).exit());
            OpenSsh.Result att = ssh.run(V + "attach-disk --domain \"a b & 'c'\" --source " + disk
                    + " --target vda --driver qemu --subdriver qcow2 --targetbus virtio --current");
            assertEquals(0, att.exit(), att.stderr());
            assertEquals(out("test-driver-domblklist-test.txt"), ssh.run(V + "domblklist \"a b & 'c'\"").stdout());
            assertEquals(out("test-driver-domblklist-test-details.txt"),
                    ssh.run(V + "domblklist \"a b & 'c'\" --details").stdout());
            String dump = ssh.run(V + "dumpxml --inactive --domain \"a b & 'c'\"").stdout();
            assertTrue(dump.contains("<name>a b &amp; &apos;c&apos;</name>"), dump);
            assertTrue(dump.contains("<source file='/guest/diskimage1'/>\n      <target dev='vda' bus='virtio'/>"), dump);
            OpenSsh.Result undef = ssh.run(V + "undefine --domain \"a b & 'c'\" --managed-save --snapshots-metadata "
                    + "--checkpoints-metadata --nvram");
            assertEquals(0, undef.exit(), undef.stderr());
            assertEquals("Domain 'a b & 'c'' has been undefined\n\n", undef.stdout());
            assertEquals(0, ssh.run("rm -f -- " + disk).exit());
            assertEquals(1, ssh.run("test -e " + disk).exit());
            OpenSsh.Result noDir = ssh.run("qemu-img create -q -f qcow2 /nonexist/y.qcow2 100M");
            assertEquals(1, noDir.exit());
            assertEquals("qemu-img: /nonexist/y.qcow2: Could not create '/nonexist/y.qcow2': No such file or directory\n",
                    noDir.stderr());
        }
    }

    @Test
    void setmemAndSetvcpusChangeTheDomain() throws Exception {
        SimHost h = lab();
        h.vm("tiny1").memory(192, 256).state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            assertEquals(0, ssh.run(V + "setmem --domain tiny1 --size 131072 --current").exit());
            assertEquals(128, h.vm("tiny1").memoryCurMb());
            assertEquals(0, ssh.run(V + "setvcpus --domain tiny1 --count 2 --live").exit());
            assertEquals(2, h.vm("tiny1").vcpusCur());
            assertEquals(out("vcpucount-running.txt").replace("current      config         1",
                    "current      config         2").replace("current      live           1",
                    "current      live           2"), ssh.run(V + "vcpucount tiny1").stdout());
            OpenSsh.Result over = ssh.run(V + "setvcpus --domain tiny1 --count 3 --live");
            assertEquals(1, over.exit());
            assertTrue(over.stderr().contains("greater than max"), over.stderr());
            OpenSsh.Result excl = ssh.run(V + "setmem --domain tiny1 --size 1024 --current --live");
            assertEquals("error: Options --current and --live are mutually exclusive\n", excl.stderr());
            assertEquals(0, ssh.run(V + "setvcpus --domain tinykvm --count 4 --maximum --config").exit());
            assertEquals(4, h.vm("tinykvm").vcpusMax());
            assertEquals(0, ssh.run(V + "setmaxmem --domain tinykvm --size 524288 --config").exit());
            assertEquals(512, h.vm("tinykvm").memoryMaxMb());
        }
    }

    @Test
    void shutdownIsAnAcpiRequestThatADeafGuestIgnores() throws Exception {
        SimHost h = lab();
        h.vm("tiny1").state(VmPowerState.RUNNING);
        h.vm("tinykvm").acpiHonoured(false).state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            assertEquals(out("shutdown-success.txt"), ssh.run(V + "shutdown --domain tiny1").stdout());
            assertEquals(0, ssh.run(V + "shutdown --domain tinykvm").exit());
            Thread.sleep(600);
            assertEquals("shut off (shutdown)\n\n", ssh.run(V + "domstate --domain tiny1 --reason").stdout());
            assertEquals(VmPowerState.RUNNING, h.vm("tinykvm").state());
        }
    }

    @Test
    void consoleOnAPtyWithBannerBusyAndForce() throws Exception {
        SimHost h = lab();
        h.vm("tiny1").state(VmPowerState.RUNNING);
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            String banner = Reference.block("virsh/console-banner.txt", "pty output").replaceFirst("Authorization[^\n]*\n", "");
            java.util.concurrent.CompletableFuture<OpenSsh.Result> holder = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return ssh.typeWithPty(V + "console --domain tiny1", List.of(), 0);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(1200);
            OpenSsh.Result busy = ssh.run(V + "console --domain tiny1", null, true, 5, 10);
            assertEquals(1, busy.exit());
            String busyRecorded = Reference.block("virsh/error-console-busy.txt", "pty output")
                    .replaceFirst("Authorization[^\n]*\n", "");
            assertEquals(busyRecorded.replace("\n", "\r\n"), busy.stdout());
            OpenSsh.Result forced = ssh.typeWithPty(V + "console --force --domain tiny1",
                    List.of("echo hello\r", "nproc\r", "\u001d"), 300);
            assertEquals(0, forced.exit(), forced.stdout());
            assertTrue(forced.stdout().startsWith(banner.replace("\n", "\r\n")), forced.stdout());
            assertTrue(forced.stdout().contains("echo hello\r\nhello\r\n# "), forced.stdout());
            OpenSsh.Result kicked = holder.join(); // --force took the console away from the first session
            assertEquals(0, kicked.exit());
            assertTrue(kicked.stdout().startsWith(banner.replace("\n", "\r\n")), kicked.stdout());
            h.vm("tiny1").state(VmPowerState.POWEROFF);
            OpenSsh.Result off = ssh.run(V + "console --domain tiny1", null, true, 5, 10);
            assertEquals(1, off.exit());
            assertEquals(Reference.block("virsh/error-console-notrunning.txt", "pty output")
                    .replaceFirst("Authorization[^\n]*\n", "").replace("\n", "\r\n"), off.stdout());
            OpenSsh.Result noTty = ssh.run(V + "console --domain tinykvm");
            assertEquals("error: Cannot run interactive console without a controlling TTY\n", noTty.stderr());
        }
    }

    @Test
    void knobsApplyAndVirtSshHelperIsNotInstalled() throws Exception {
        SimHost h = lab();
        h.failCommand("virsh start", 1, "error: boom\n");
        try (SimServer s = SimServer.start(h, pubKey)) {
            OpenSsh ssh = OpenSsh.to(s, dir);
            OpenSsh.Result r = ssh.run(V + "start --domain tiny1");
            assertEquals(1, r.exit());
            assertEquals("error: boom\n", r.stderr());
            assertEquals(VmPowerState.POWEROFF, h.vm("tiny1").state());
            h.latency(Duration.ofMillis(700));
            assertTrue(ssh.run(V + "list").millis() >= 700);
            h.latency(Duration.ZERO);
            OpenSsh.Result helper = ssh.run("virt-ssh-helper qemu:///system");
            assertEquals(127, helper.exit());
            assertEquals("bash: virt-ssh-helper: command not found\n", helper.stderr());
            OpenSsh.Result evil = ssh.run(V + "dominfo x; id");
            assertEquals(2, evil.exit());
        }
    }
}
