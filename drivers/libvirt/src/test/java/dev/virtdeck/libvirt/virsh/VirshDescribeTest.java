package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.testlab.Reference;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The virsh driver's show: its round trips, and how the recorded outputs become one VM's details. */
class VirshDescribeTest {
    private static final String SEP = VirshParsers.SEPARATOR + "\n";

    /** A running domain's XML (written for this test): a NIC on a libvirt network, one on a bridge, an agent. */
    private static final String XML = """
            <domain type='kvm' id='3'>
              <name>tiny1</name>
              <devices>
                <disk type='file' device='disk'>
                  <driver name='qemu' type='qcow2'/>
                  <source file='/var/lib/libvirt/images/tiny1.qcow2'/>
                  <target dev='vda' bus='virtio'/>
                </disk>
                <interface type='network'>
                  <mac address='52:54:00:4b:0e:b3'/>
                  <source network='default'/>
                  <target dev='vnet0'/>
                  <model type='virtio'/>
                </interface>
                <interface type='bridge'>
                  <mac address='52:54:00:11:22:33'/>
                  <source bridge='br0'/>
                  <model type='virtio'/>
                </interface>
                <serial type='pty'><source path='/dev/pts/3'/><target type='isa-serial' port='0'/></serial>
                <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' state='connected'/></channel>
              </devices>
            </domain>
            """;

    private static final String BLKINFO = " Target   Capacity   Allocation   Physical\n"
            + "--------------------------------------------\n vda      1073741824   200704       196616\n\n";

    private static boolean isScript(List<String> argv) {
        return argv.size() == 4 && argv.get(3).startsWith("dominfo --domain ");
    }

    @Test
    void oneExecForTheVmAndOneForEachAddressSourceNeeded() {
        String out = Reference.stdout("dominfo-running") + SEP + Reference.stdout("domstats-running-raw") + SEP + BLKINFO
                + SEP + XML;
        ScriptedSsh ssh = new ScriptedSsh()
                .on(VirshDescribeTest::isScript, argv -> Answer.ok(out))
                .on(List.of("domifaddr", "--source", "lease"), Answer.ok(Reference.stdout("domifaddr-lease-full-reconstructed")))
                .on(List.of("domifaddr", "--source", "agent"), Answer.ok(Reference.stdout("domifaddr-agent-full-reconstructed")));
        VmDetails d = new VirshDriver("h", ssh, "qemu:///system", false).describe("tiny1");

        assertEquals(3, ssh.commands.size(), "the VM in one exec, then leases, then the agent for the bridged NIC");
        assertEquals("dominfo --domain 'tiny1'; echo " + VirshParsers.SEPARATOR
                + "; domstats --raw --state --cpu-total --balloon --vcpu --domain 'tiny1'; echo " + VirshParsers.SEPARATOR
                + "; domblkinfo --all --domain 'tiny1'; echo " + VirshParsers.SEPARATOR + "; dumpxml --domain 'tiny1'",
                ssh.argvs().get(0).get(3));
        assertEquals(List.of("virsh", "-c", "qemu:///system", "domifaddr", "--domain", "tiny1", "--source", "lease", "--full"),
                ssh.argvs().get(1));

        assertEquals("8f8fe1cb-0be8-41f0-8359-b42fe86416dc", d.vm().uuid());
        assertEquals(VmState.RUNNING, d.vm().state());
        assertEquals(Boolean.FALSE, d.autostart());
        assertEquals(1073741824L, d.disks().get(0).capacityBytes());
        assertEquals(200704L, d.disks().get(0).allocationBytes());
        assertEquals(List.of(new Address("192.0.2.83", 24, "ipv4", AddressOrigin.LEASE),
                new Address("2001:db8::5a", 64, "ipv6", AddressOrigin.LEASE),
                new Address("198.51.100.17", 24, "ipv4", AddressOrigin.AGENT)), d.nics().get(0).addresses());
        assertEquals(List.of(), d.nics().get(1).addresses(), "the agent does not know the bridged NIC's MAC either");
        assertEquals("/dev/pts/3", d.consoles().get(0).path());
        assertEquals(List.of(), d.notes());
    }

    @Test
    void anInactiveVmAsksNoAddresses() {
        String out = Reference.stdout("dominfo-autostart-disable") + SEP
                + Reference.stdout("domstats-shutoff").replace("'tiny1'", "'vdshow-probe'") + SEP
                + Reference.stdout("domblkinfo-all-disk-cdrom") + SEP
                + Reference.stdout("dumpxml-inactive-disk-cdrom-user-nic-agent");
        ScriptedSsh ssh = new ScriptedSsh().on(VirshDescribeTest::isScript, argv -> Answer.ok(out));
        VmDetails d = new VirshDriver("h", ssh, "qemu:///system", false).describe("vdshow-probe");
        assertEquals(1, ssh.commands.size());
        assertEquals(VmState.SHUTOFF, d.vm().state());
        assertEquals(2, d.disks().size());
        assertEquals(67108864L, d.disks().get(0).capacityBytes());
        assertEquals(null, d.disks().get(1).capacityBytes(), "the empty cdrom");
        assertEquals("52:54:00:aa:bb:cc", d.nics().get(0).mac());
    }

    @Test
    void anAgentThatDoesNotAnswerIsANoteNotAFailure() {
        String xml = XML.replace("<interface type='network'>", "<interface type='user'>")
                .replace("<source network='default'/>", "");
        String out = Reference.stdout("dominfo-running") + SEP + Reference.stdout("domstats-running-raw") + SEP + BLKINFO
                + SEP + xml;
        ScriptedSsh ssh = new ScriptedSsh()
                .on(VirshDescribeTest::isScript, argv -> Answer.ok(out))
                .on(List.of("domifaddr", "--source", "agent"),
                        Answer.fail(Reference.stderr("error-domifaddr-agent-not-configured")));
        VmDetails d = new VirshDriver("h", ssh, "qemu:///system", false).describe("tiny1");
        assertEquals(2, ssh.commands.size(), "no lease query without a NIC on a libvirt network");
        assertEquals(List.of("addresses from agent: Failed to query for interfaces addresses; argument unsupported:"
                + " QEMU guest agent is not configured"), d.notes());
    }

    @Test
    void anUnknownVmIsVmNotFound() {
        ScriptedSsh ssh = new ScriptedSsh().on(VirshDescribeTest::isScript,
                argv -> new Answer(1, SEP + SEP + SEP, Reference.stderr("error-unknown-domain-dominfo")));
        VmNotFoundException e = assertThrows(VmNotFoundException.class,
                () -> new VirshDriver("h", ssh, "qemu:///system", false).describe("nope"));
        assertTrue(e.command().contains("dumpxml --domain") && e.command().contains("nope"), e.command());
    }

    @Test
    void rawConfigIsDumpxml() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("dumpxml"), Answer.ok(XML));
        assertEquals(XML, new VirshDriver("h", ssh, "qemu:///system", false).rawConfig("tiny1"));
        assertEquals(List.of("virsh", "-c", "qemu:///system", "dumpxml", "--domain", "tiny1"), ssh.argvs().get(0));
    }
}
