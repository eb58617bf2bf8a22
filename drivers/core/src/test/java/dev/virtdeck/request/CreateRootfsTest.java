package dev.virtdeck.request;

import dev.virtdeck.driver.CreateSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --rootfs DIR: a container (libvirt's LXC, kind lxc), checked before anything is sent (issue 15, part 3). */
class CreateRootfsTest {
    static CreateSpec container(String rootfs) {
        return new CreateSpec("c1", 1, 1, 64, 64, null, null, null, null, null).withRootfs(rootfs);
    }

    @Test
    void aRootfsAloneIsAContainerForTheLxcDriverOnly() {
        Create c = new Create(container("/srv/ct"), true);
        assertEquals("lxc", c.driverKind());
        assertNull(c.driverObjection("lxc"));
        assertTrue(c.driverObjection("libvirt").startsWith("--rootfs makes a container: only the lxc driver"),
                c.driverObjection("libvirt"));
        assertEquals(List.of("c1", "--vcpus", "1", "--memory", "64M", "--rootfs", "/srv/ct", "--start"), c.cliArguments());
    }

    @Test
    void theLxcDriverRefusesBootFilesAndAVmCreateGoesToTheHostsFirstDriver() {
        Create vm = new Create(new CreateSpec("v", 1, 1, 64, 64, null, null, null, null, "/x.iso"), false);
        assertNull(vm.driverKind());
        assertEquals("a container is created from a root filesystem directory on the host: give --rootfs DIR",
                vm.driverObjection("lxc"));
    }

    @Test
    void aRootfsIsAnAbsoluteDirectoryAndExcludesEveryBootSource() {
        BadRequestException rel = assertThrows(BadRequestException.class, () -> new Create(container("srv/ct"), false));
        assertEquals("--rootfs must be an absolute directory on the host, not 'srv/ct'", rel.getMessage());
        for (CreateSpec s : List.of(
                new CreateSpec("c", 1, 1, 64, 64, null, null, null, null, "/x.iso").withRootfs("/srv/ct"),
                new CreateSpec("c", 1, 1, 64, 64, null, "/k", "/i", null, null).withRootfs("/srv/ct"),
                new CreateSpec("c", 1, 1, 64, 64, 128L, null, null, null, null).withRootfs("/srv/ct"),
                container("/srv/ct").withImage("/b.qcow2"),
                container("/srv/ct").withTemplate("t"))) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> new Create(s, false), s.toString());
            assertTrue(e.getMessage().startsWith("--rootfs (a container) cannot be combined"), e.getMessage());
        }
    }

    @Test
    void withoutAnyBootSourceEachDriverSaysWhatItNeedsAndAHalfBootSourceNamesTheRootfsToo() {
        Create empty = new Create(new CreateSpec("c", 1, 1, 64, 64, null, null, null, null, null), false);
        assertNull(empty.driverObjection("vbox"), "VirtualBox makes an empty VM");
        assertNull(empty.driverObjection("xapi"), "XAPI makes an empty VM from its install-media template");
        assertTrue(empty.driverObjection("libvirt").startsWith("an empty VM (no --kernel/--initrd, --iso, --image or"),
                empty.driverObjection("libvirt"));
        assertEquals("a container is created from a root filesystem directory on the host: give --rootfs DIR",
                empty.driverObjection("lxc"));
        BadRequestException e = assertThrows(BadRequestException.class,
                () -> new Create(new CreateSpec("c", 1, 1, 64, 64, null, "/k", null, null, null), false));
        assertTrue(e.getMessage().endsWith("or --rootfs DIR (a container, libvirt's LXC)"), e.getMessage());
    }
}
