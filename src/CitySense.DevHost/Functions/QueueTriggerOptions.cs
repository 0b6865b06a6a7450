using System.Globalization;
using System.Text.Json;

namespace CitySense.DevHost.Functions;

/// <summary>
/// The queue trigger's settings from host.json (<c>extensions.queues</c>), with the Functions host's defaults for
/// those it does not set: the DevHost reads the same file the host in Azure does.
/// </summary>
public sealed record QueueTriggerOptions
{
    public int BatchSize { get; init; } = 16;

    public int MaxDequeueCount { get; init; } = 5;

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary><c>base64</c> (the host's default) or <c>none</c>.</summary>
    public string MessageEncoding { get; init; } = "base64";

    /// <summary>How long a message stays invisible while a function runs: the host's function timeout.</summary>
    public TimeSpan FunctionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static QueueTriggerOptions FromHostJson(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var options = new QueueTriggerOptions();
        if (root.TryGetProperty("functionTimeout", out var timeout))
        {
            options = options with { FunctionTimeout = Span(timeout) };
        }

        if (!root.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("queues", out var queues))
        {
            return options;
        }

        foreach (var setting in queues.EnumerateObject())
        {
            options = setting.Name.ToUpperInvariant() switch
            {
                "BATCHSIZE" => options with { BatchSize = setting.Value.GetInt32() },
                "MAXDEQUEUECOUNT" => options with { MaxDequeueCount = setting.Value.GetInt32() },
                "MAXPOLLINGINTERVAL" => options with { MaxPollingInterval = Span(setting.Value) },
                "VISIBILITYTIMEOUT" => options with { VisibilityTimeout = Span(setting.Value) },
                "MESSAGEENCODING" => options with { MessageEncoding = setting.Value.GetString()!.ToLowerInvariant() },
                _ => options,
            };
        }

        return options;
    }

    private static TimeSpan Span(JsonElement value) => TimeSpan.Parse(value.GetString()!, CultureInfo.InvariantCulture);
}
