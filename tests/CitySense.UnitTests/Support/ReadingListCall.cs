using CitySense.Core.Readings;

namespace CitySense.UnitTests.Support;

/// <summary>The arguments of one <see cref="IReadingStore.ListAsync"/> call.</summary>
internal sealed record ReadingListCall(ReadingBucket Bucket, string From, string Before, int Take);
