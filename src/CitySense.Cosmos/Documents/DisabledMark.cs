namespace CitySense.Cosmos.Documents;

/// <summary>When and why a subscription was disabled; absent while it is active (one field keeps a replace within Cosmos DB's 10 patch operations).</summary>
internal sealed record DisabledMark(DateTimeOffset At, string Reason);
