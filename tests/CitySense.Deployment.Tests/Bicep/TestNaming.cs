using System.Diagnostics.CodeAnalysis;

// Test names follow the house Method_Condition_Expected convention, which CA1707 (no underscores
// in member names) would reject; the rule stays on for everything outside the test classes.
[assembly: SuppressMessage(
    "Naming",
    "CA1707:Identifiers should not contain underscores",
    Justification = "Tests are named Method_Condition_Expected.",
    Scope = "namespaceanddescendants",
    Target = "~N:CitySense.Deployment.Tests.Bicep")]
