namespace CitySense.Deployment.Tests.Bicep;

/// <summary>One diagnostic the Bicep CLI reported.</summary>
public sealed record BicepDiagnostic(string File, int Line, string Level, string RuleId, string Message)
{
    public override string ToString() => $"{File}({Line}): {Level} {RuleId}: {Message}";
}
