package io.untwisted.demo.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ExecAllowlistTest {

    private final ExecAllowlist allowlist = new ExecAllowlist(List.of("date", "uptime", "/usr/bin/id"));

    @Test
    void anAllowedLineIsTheWholeArgumentVector() {
        assertThat(this.allowlist.command("date")).contains(List.of("date"));
        assertThat(this.allowlist.command("/usr/bin/id")).contains(List.of("/usr/bin/id"));
        assertThat(this.allowlist.describe()).isEqualTo("date, uptime, /usr/bin/id");
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(this.allowlist.command("date -s 2000-01-01")).isEmpty();
        assertThat(this.allowlist.command("date; rm -rf /")).isEmpty();
        assertThat(this.allowlist.command("DATE")).isEmpty();
        assertThat(this.allowlist.command("rm")).isEmpty();
    }

    @Test
    void entriesMustBeProgramNamesOrAbsolutePaths() {
        assertThatThrownBy(() -> new ExecAllowlist(List.of("ls -l"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecAllowlist(List.of("bin/ls"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecAllowlist(List.of("/bin/../bin/sh"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecAllowlist(List.of("date;id"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ExecAllowlist(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
