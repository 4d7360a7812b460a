package io.runstore.bench.suite;

import io.runstore.testsupport.listruns.ListRunsCase;
import io.runstore.testsupport.listruns.ListRunsCases;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListRunsOptionsTest {

    @Test
    void everyCaseHasItsOwnName() {
        List<ListRunsCase> cases = new ArrayList<>(ListRunsCases.ui("ns", "exp"));
        cases.add(ListRunsCases.nameSort("ns"));

        assertThat(cases.stream().map(ListRunsSection::caseName))
                .containsExactly("active", "archived", "search", "experiment", "by-name");
    }

    @Test
    void anUnknownCaseNameIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> ListRunsSection.checkCaseNames(Set.of("active", "deep")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deep")
                .hasMessageContaining("by-name");
    }

    @Test
    void theSuiteTakesTheListRunsOptions() throws Exception {
        Profile profile = BenchmarkSuite.invocation(new String[] {"quick", "--listruns-cases=search,archived",
                "--deep-page=0", "--server-warm-up-calls=200"}).profile();

        assertThat(profile.listRuns()).isEqualTo(new Profile.ListRunsOptions(Set.of("search", "archived"), 0, 200));
        assertThat(Profile.quick().listRuns()).isEqualTo(Profile.ListRunsOptions.DEFAULT);
    }

    @Test
    void aDeepPageOfOneIsRefused() {
        assertThatThrownBy(() -> new Profile.ListRunsOptions(Set.of(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--deep-page");
    }
}
