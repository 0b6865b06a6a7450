using System.Text.RegularExpressions;
using CitySense.DevHost.LocalCosmos;
using CitySense.DevHost.LocalQueues;

namespace CitySense.ReliabilityTests.Security;

/// <summary>Finds keys, connection strings with secrets and private keys in text.</summary>
public static partial class SecretScanner
{
    /// <summary>The published keys of the Cosmos DB emulator and of Azurite: they only open local emulators, so they may appear.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal) { LocalCosmosServer.WellKnownKey, LocalQueueServer.WellKnownKey };

    private static readonly (string Name, Regex Pattern)[] Patterns =
    [
        ("account key in a connection string", AccountKey()),
        ("shared access key in a connection string", SharedAccessKey()),
        ("private key", PrivateKey()),
        ("client secret", ClientSecret()),
        ("Entra ID client secret", EntraSecret()),
        ("function key", FunctionKey()),
        ("API Management subscription key", SubscriptionKey()),
        ("password in a connection string", Password()),
        ("GitHub token", GitHubToken()),
        ("AWS access key", AwsAccessKey()),
        ("Cosmos DB or storage account key", AccountKeyValue()),
    ];

    public static IEnumerable<(int Line, string Kind)> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (name, pattern) in Patterns)
        {
            foreach (Match match in pattern.Matches(text))
            {
                var value = match.Groups["value"].Success ? match.Groups["value"].Value : match.Value;
                if (Allowed.Contains(value) || (match.Index >= 7 && text.AsSpan(match.Index - 7, 7).SequenceEqual("sha512-")))
                {
                    continue;
                }

                yield return (text.AsSpan(0, match.Index).Count('\n') + 1, name);
            }
        }
    }

    [GeneratedRegex(@"AccountKey=(?<value>[A-Za-z0-9+/]{20,}={0,2})")]
    private static partial Regex AccountKey();

    [GeneratedRegex(@"SharedAccessKey=(?<value>[A-Za-z0-9+/]{20,}={0,2})")]
    private static partial Regex SharedAccessKey();

    [GeneratedRegex(@"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----")]
    private static partial Regex PrivateKey();

    [GeneratedRegex(@"(?i)client[_-]?secret[""']?\s*[:=]\s*[""']?(?<value>[A-Za-z0-9_~.\-]{16,})")]
    private static partial Regex ClientSecret();

    [GeneratedRegex(@"(?<![A-Za-z0-9_~.\-])(?<value>[A-Za-z0-9_~.\-]{3}\dQ~[A-Za-z0-9_~.\-]{31,34})(?![A-Za-z0-9_~.\-])")]
    private static partial Regex EntraSecret();

    [GeneratedRegex(@"(?i)(?:x-functions-key[""']?\s*[:=,]\s*[""']?|[?&]code=)(?<value>[A-Za-z0-9_\-/+]{30,}={0,2})")]
    private static partial Regex FunctionKey();

    [GeneratedRegex(@"(?i)(?:Ocp-Apim-Subscription-Key|subscription-key)[""']?\s*[:=]\s*[""']?(?<value>[0-9a-f]{32})\b")]
    private static partial Regex SubscriptionKey();

    [GeneratedRegex(@"(?i)\b(?:password|pwd)=(?![<${])(?<value>[^;'""\s]{8,})")]
    private static partial Regex Password();

    [GeneratedRegex(@"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")]
    private static partial Regex GitHubToken();

    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")]
    private static partial Regex AwsAccessKey();

    /// <summary>88 characters of base64 ending in "==": the shape of Cosmos DB and storage account keys.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9+/])(?<value>[A-Za-z0-9+/]{86}==)(?![A-Za-z0-9+/=])")]
    private static partial Regex AccountKeyValue();
}
