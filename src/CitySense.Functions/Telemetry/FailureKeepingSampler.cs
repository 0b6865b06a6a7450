using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace CitySense.Functions.Telemetry;

/// <summary>
/// Keeps every failed trace and a share of the successful ones. It runs before the exporter: a span that ends in
/// success is kept or dropped by its trace id (so a trace is kept or dropped whole); a span that failed — an error
/// status, a 5xx, or a 429 from Cosmos DB — is always kept, and so is every span of its trace that ends after it
/// (its parents, such as the function invocation).
/// </summary>
public sealed class FailureKeepingSampler(double successRatio) : BaseProcessor<Activity>
{
    private const int RememberedFailures = 4096;

    private readonly ulong threshold = successRatio >= 1 ? ulong.MaxValue : (ulong)(Math.Clamp(successRatio, 0, 1) * ulong.MaxValue);
    private readonly ConcurrentDictionary<ActivityTraceId, byte> failedTraces = new();
    private readonly ConcurrentQueue<ActivityTraceId> failureOrder = new();

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsFailure(data))
        {
            Remember(data.TraceId);
            return;
        }

        if (failedTraces.ContainsKey(data.TraceId) || Sampled(data.TraceId))
        {
            return;
        }

        // Not recorded: the export processor after this one skips it.
        data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
    }

    /// <summary>Whether a span counts as a failure: what the keep-every-failure promise is about.</summary>
    public static bool IsFailure(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Status == ActivityStatusCode.Error)
        {
            return true;
        }

        foreach (var tag in new[] { "http.response.status_code", "db.response.status_code", "db.cosmosdb.status_code" })
        {
            if (activity.GetTagItem(tag) is { } value && int.TryParse(value.ToString(), out var status) && (status >= 500 || status == 429))
            {
                return true;
            }
        }

        return false;
    }

    private bool Sampled(ActivityTraceId traceId)
    {
        if (threshold == ulong.MaxValue)
        {
            return true;
        }

        // The trace id is random: its low 8 bytes are a fair, stable coin for the whole trace.
        Span<byte> bytes = stackalloc byte[16];
        traceId.CopyTo(bytes);
        return BitConverter.ToUInt64(bytes[8..]) < threshold;
    }

    private void Remember(ActivityTraceId traceId)
    {
        if (failedTraces.TryAdd(traceId, 0))
        {
            failureOrder.Enqueue(traceId);
            while (failureOrder.Count > RememberedFailures && failureOrder.TryDequeue(out var oldest))
            {
                failedTraces.TryRemove(oldest, out _);
            }
        }
    }
}
