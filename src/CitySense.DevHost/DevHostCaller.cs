namespace CitySense.DevHost;

/// <summary>One subscription key of <see cref="DevHostOptions.Callers"/>: <c>DevHost__Callers__0__Key</c> and so on.</summary>
public sealed class DevHostCaller
{
    /// <summary>The subscription key, sent in the Ocp-Apim-Subscription-Key header.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The caller id API Management would give the subscription.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>public, operator or admin.</summary>
    public string Product { get; set; } = string.Empty;
}
