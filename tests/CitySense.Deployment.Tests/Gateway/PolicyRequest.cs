namespace CitySense.Deployment.Tests.Gateway;

/// <summary><c>context.Request</c>: the inbound request as the policies see it, headers case-insensitive like HTTP's.</summary>
public sealed class PolicyRequest
{
    private readonly Dictionary<string, string[]> headers = new(StringComparer.OrdinalIgnoreCase);

    public PolicyRequest(string method, string path, IEnumerable<KeyValuePair<string, string>>? headers = null, IEnumerable<KeyValuePair<string, string>>? query = null)
    {
        Method = method;
        foreach (var group in (headers ?? []).GroupBy(header => header.Key, StringComparer.OrdinalIgnoreCase))
        {
            this.headers[group.Key] = [.. group.Select(header => header.Value)];
        }

        Url = new PolicyUrl(path, query);
        OriginalUrl = new PolicyUrl(path, query);
    }

    public string Method { get; }

    public string IpAddress { get; init; } = "203.0.113.7";

    /// <summary>Every value of each header, as they stand at this point of the pipeline.</summary>
    public IReadOnlyDictionary<string, string[]> Headers => headers;

    /// <summary>The URL as the policies change it (set-query-parameter).</summary>
    public PolicyUrl Url { get; }

    /// <summary>The URL the client sent.</summary>
    public PolicyUrl OriginalUrl { get; }

    /// <summary>The headers, for the policy statements that change them.</summary>
    internal Dictionary<string, string[]> MutableHeaders => headers;
}
