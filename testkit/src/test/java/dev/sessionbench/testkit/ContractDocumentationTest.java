package dev.sessionbench.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/** docs/contract.md names every test of the contract suite and every declarable rule, so neither goes unexplained. */
class ContractDocumentationTest {

    private static String contractPage() throws IOException {
        Path page = Path.of(System.getProperty("basedir", "."))
                .resolve("../docs/contract.md")
                .normalize();
        assertThat(page).as("the contract's documentation").exists();
        return Files.readString(page);
    }

    @Test
    void everyContractTestIsNamedInTheContractPage() throws IOException {
        String page = contractPage();
        List<String> missing = new ArrayList<>();
        for (Method m : SessionStoreContract.class.getDeclaredMethods()) {
            boolean test = m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class);
            if (test && !page.contains("`" + m.getName() + "`")) {
                missing.add(m.getName());
            }
        }
        assertThat(missing)
                .as("contract tests that docs/contract.md does not name")
                .isEmpty();
    }

    @Test
    void everyDeclarableRuleIsNamedInTheContractPage() throws IOException {
        String page = contractPage();
        for (ContractRule rule : ContractRule.values()) {
            assertThat(page).as("docs/contract.md names the rule").contains("`" + rule.name() + "`");
        }
    }
}
