package io.argus.instrumentation.capabilities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapabilityRuleTest {

  @Test
  void aClassWithTwoMethodsIsOneRule() throws Exception {
    CapabilityRule rule = CapabilityRule.parse("  com.acme.agents.ResearchAgent[research, plan]  ");

    assertThat(rule.text()).isEqualTo("com.acme.agents.ResearchAgent[research, plan]");
    assertThat(rule.type().toString()).isEqualTo("com.acme.agents.ResearchAgent");
    assertThat(rule.type().hasWildcard()).isFalse();
    assertThat(rule.subtypes()).isFalse();
    assertThat(rule.methods()).extracting(spec -> spec.name.toString()).containsExactly("research", "plan");
    assertThat(rule.agentName()).isSameAs(CapabilityRule.AgentName.CLASS);
    assertThat(rule.methodSpecFor("plan", false)).isNotNull();
    assertThat(rule.methodSpecFor("execute", true)).isNull();
  }

  @Test
  void wildcardsInTheClassNameStayWithinOnePackageUnlessDoubled() throws Exception {
    CapabilityRule single = CapabilityRule.parse("com.acme.agents.*Agent[*]");
    CapabilityRule doubled = CapabilityRule.parse("com.acme.**Agent[run]");

    assertThat(single.type().matches("com.acme.agents.ResearchAgent")).isTrue();
    assertThat(single.type().matches("com.acme.agents.sub.ResearchAgent")).isFalse();
    assertThat(single.type().matches("com.acme.agents.ResearchAgentFactory")).isFalse();
    assertThat(doubled.type().matches("com.acme.agents.sub.ResearchAgent")).isTrue();
    assertThat(doubled.type().matches("org.acme.ResearchAgent")).isFalse();
  }

  @Test
  void aWildcardMethodTakesOnlyPublicMethodsWhileANamedOneTakesAnyVisibility() throws Exception {
    CapabilityRule all = CapabilityRule.parse("com.acme.Agent[*]");
    CapabilityRule prefixed = CapabilityRule.parse("com.acme.Agent[build*]");
    CapabilityRule named = CapabilityRule.parse("com.acme.Agent[helper]");

    assertThat(all.methodSpecFor("anything", true)).isNotNull();
    assertThat(all.methodSpecFor("anything", false)).isNull();
    assertThat(prefixed.methodSpecFor("buildPricingPack", true)).isNotNull();
    assertThat(prefixed.methodSpecFor("rebuild", true)).isNull();
    assertThat(named.methodSpecFor("helper", false)).isNotNull();
  }

  @Test
  void aPlusAfterTheClassNameMeansEverySubtype() throws Exception {
    CapabilityRule rule = CapabilityRule.parse("com.acme.Agent+[execute]");

    assertThat(rule.subtypes()).isTrue();
    assertThat(rule.type().toString()).isEqualTo("com.acme.Agent");
  }

  @Test
  void nestedClassesAreNamedWithDollar() throws Exception {
    assertThat(CapabilityRule.parse("com.acme.Outer$Inner[run]").type().matches("com.acme.Outer$Inner")).isTrue();
  }

  @Test
  void argumentsAndTheReturnValueAreCapturedByNameOrIndex() throws Exception {
    CapabilityRule rule = CapabilityRule.parse("com.acme.ResearchAgent[research(query, 1, return), plan]");

    CapabilityRule.MethodSpec research = rule.methods().get(0);
    assertThat(research.name.toString()).isEqualTo("research");
    assertThat(research.arguments).containsExactly("query", "1");
    assertThat(research.returnValue).isTrue();
    assertThat(rule.methods().get(1).capturesAnything()).isFalse();
  }

  @Test
  void theAgentNameIsFixedOrReadFromAFieldOrAGetter() throws Exception {
    CapabilityRule.AgentName literal = CapabilityRule.parse("com.acme.A[run] agent=research-bot.v2").agentName();
    CapabilityRule.AgentName field = CapabilityRule.parse("com.acme.A+[run] agent=field:name").agentName();
    CapabilityRule.AgentName getter = CapabilityRule.parse("com.acme.A+[run]   agent=getName()").agentName();

    assertThat(literal.source).isEqualTo(CapabilityRule.AgentName.Source.LITERAL);
    assertThat(literal.value).isEqualTo("research-bot.v2");
    assertThat(field.source).isEqualTo(CapabilityRule.AgentName.Source.FIELD);
    assertThat(field.value).isEqualTo("name");
    assertThat(getter.source).isEqualTo(CapabilityRule.AgentName.Source.GETTER);
    assertThat(getter.value).isEqualTo("getName");
  }

  @Test
  void aListSplitsOnSemicolonsNewLinesAndCommasOutsideBrackets() {
    List<String> rules = CapabilityRule.split(
        "com.acme.A[a,b(x,y)],com.acme.B[c];com.acme.C+[d]\ncom.acme.D[*] agent=field:name ,, ;\r\n");

    assertThat(rules).containsExactly(
        "com.acme.A[a,b(x,y)]", "com.acme.B[c]", "com.acme.C+[d]", "com.acme.D[*] agent=field:name");
    assertThat(CapabilityRule.split("")).isEmpty();
    assertThat(CapabilityRule.split(null)).isEmpty();
  }

  @Test
  void aNewLineEndsAnUnclosedRuleSoOnlyThatOneIsMalformed() {
    assertThat(CapabilityRule.split("com.acme.A[a,b\ncom.acme.B[c]")).containsExactly("com.acme.A[a,b", "com.acme.B[c]");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "`   `|empty rule; expected a rule such as com.acme.agents.ResearchAgent[research,plan]",
      "com.acme.ResearchAgent|missing '[methods]' after the class name; expected a rule such as com.acme.agents.ResearchAgent[research,plan] (use [*] for every public method)",
      "[research]|missing class name before '['; expected a rule such as com.acme.agents.ResearchAgent[research,plan]",
      "+[research]|missing class name before '['; expected a rule such as com.acme.agents.ResearchAgent[research,plan]",
      "com.acme.Research Agent[run]|invalid character ' ' in class name 'com.acme.Research Agent'; expected a fully qualified name such as com.acme.agents.ResearchAgent, with '*' or '**' wildcards",
      "com.acme/Agent[run]|invalid character '/' in class name 'com.acme/Agent'; expected a fully qualified name such as com.acme.agents.ResearchAgent, with '*' or '**' wildcards",
      "com..acme.Agent[run]|empty package or class name in 'com..acme.Agent'; expected a fully qualified name such as com.acme.agents.ResearchAgent",
      "com.acme.[run]|empty package or class name in 'com.acme.'; expected a fully qualified name such as com.acme.agents.ResearchAgent",
      "com.acme.***Agent[run]|'***' in 'com.acme.***Agent'; use '*' (within a name) or '**' (across packages)",
      "ResearchAgent[run]|class name 'ResearchAgent' must start with a package name without wildcards (such as com.acme.*Agent), so that a rule never matches every class of the JVM",
      "**[run]|class name '**' must start with a package name without wildcards (such as com.acme.*Agent), so that a rule never matches every class of the JVM",
      "*.acme.Agent[run]|class name '*.acme.Agent' must start with a package name without wildcards (such as com.acme.*Agent), so that a rule never matches every class of the JVM",
      "1com.acme.Agent[run]|class name '1com.acme.Agent' must start with a package name without wildcards (such as com.acme.*Agent), so that a rule never matches every class of the JVM",
      "com.acme.*Agent+[run]|'+' (subtypes) needs the exact name of a class or interface, without wildcards: 'com.acme.*Agent+'",
      "com.acme.Agent[run|missing ']' after the method list; expected a rule such as com.acme.agents.ResearchAgent[research,plan]",
      "com.acme.Agent[run[x]]|unexpected '[' inside the method list of 'com.acme.Agent[run[x]]'; expected a rule such as com.acme.agents.ResearchAgent[research,plan]",
      "com.acme.Agent[run(a]|missing ')' in the method list of 'com.acme.Agent[run(a]'; expected e.g. research(query)",
      "com.acme.Agent[run)]|')' without '(' in the method list of 'com.acme.Agent[run)]'",
      "com.acme.Agent[]|no method between '[' and ']'; name the methods, or use [*] for every public method",
      "com.acme.Agent[  ]|no method between '[' and ']'; name the methods, or use [*] for every public method",
      "`com.acme.Agent[a,,b]`|empty method name in [a,,b]; separate method names with single commas",
      "`com.acme.Agent[a,]`|empty method name in [a,]; separate method names with single commas",
      "com.acme.Agent[run-fast]|invalid method name 'run-fast'; expected a method name, optionally with '*' wildcards",
      "com.acme.Agent[**]|'**' in method name '**'; use '*'",
      "com.acme.Agent[<init>]|constructors cannot be capabilities: '<init>'",
      "com.acme.Agent[(query)]|missing method name before '('; expected e.g. research(query)",
      "com.acme.Agent[run()]|empty capture list in 'run()'; name the parameters to record, their indexes (from 0) or return, e.g. research(query,return)",
      "com.acme.Agent[run(a)x]|unexpected text after ')' in 'run(a)x'; expected e.g. research(query,return)",
      "`com.acme.Agent[run(a,-1)]`|invalid capture '-1' in 'run(a,-1)'; expected a parameter name, an index from 0, or return",
      "`com.acme.Agent[run(a b)]`|invalid capture 'a b' in 'run(a b)'; expected a parameter name, an index from 0, or return",
      "com.acme.Agent[run] extra|unexpected 'extra' after ']'; the only option is agent=<name>, agent=field:<field> or agent=<getter>()",
      "com.acme.Agent[run] name=x|unexpected 'name=x' after ']'; the only option is agent=<name>, agent=field:<field> or agent=<getter>()",
      "com.acme.Agent[run] agent=a agent=b|agent= is given twice",
      "com.acme.Agent[run] agent=|invalid agent name ''; expected letters, digits, '_', '-' or '.' (or agent=field:<field>, agent=<getter>())",
      "com.acme.Agent[run] agent=a/b|invalid agent name 'a/b'; expected letters, digits, '_', '-' or '.' (or agent=field:<field>, agent=<getter>())",
      "com.acme.Agent[run] agent=field:|invalid field name '' in agent=field:; expected a Java field name",
      "com.acme.Agent[run] agent=field:1x|invalid field name '1x' in agent=field:1x; expected a Java field name",
      "com.acme.Agent[run] agent=get-name()|invalid getter 'get-name()' in agent=get-name(); expected a method without parameters such as getName()",
  })
  void aMalformedRuleIsRejectedWithOneLineSayingWhatIsWrong(String rule, String message) {
    assertThatThrownBy(() -> CapabilityRule.parse(rule))
        .isInstanceOf(CapabilityRule.Malformed.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
