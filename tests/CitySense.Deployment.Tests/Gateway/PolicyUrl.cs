namespace CitySense.Deployment.Tests.Gateway;

/// <summary>API Management's <c>IUrl</c>: the path and the query parameters (names case-sensitive, every value).</summary>
public sealed class PolicyUrl
{
    private readonly Dictionary<string, string[]> query = new(StringComparer.Ordinal);

    public PolicyUrl(string path, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        Path = path;
        foreach (var group in (query ?? []).GroupBy(parameter => parameter.Key, StringComparer.Ordinal))
        {
            this.query[group.Key] = [.. group.Select(parameter => parameter.Value)];
        }
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, string[]> Query => query;

    /// <summary>The query, for the policy statements that change it.</summary>
    internal Dictionary<string, string[]> MutableQuery => query;
}
