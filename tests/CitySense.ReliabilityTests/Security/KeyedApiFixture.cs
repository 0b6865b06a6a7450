using System.Security.Cryptography;
using CitySense.ReliabilityTests.Support;

namespace CitySense.ReliabilityTests.Security;

/// <summary>A host that requires a function key on keyed functions, as the Functions host does in Azure.</summary>
public sealed class KeyedApiFixture : ApiFixture
{
    /// <summary>A fresh key per run, never written anywhere.</summary>
    public string FunctionKey { get; } = Base64UrlKey();

    public static string Base64UrlKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(40)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    protected override IReadOnlyDictionary<string, string?>? DefaultSettings() =>
        new Dictionary<string, string?> { ["DevHost:FunctionKey"] = FunctionKey };
}
