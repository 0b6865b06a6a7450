namespace CitySense.Benchmarks.Handlers;

/// <summary>One benchmark of <see cref="HandlerBenchmarks"/> (e.g. Ingest_CitySense): median time and bytes per operation.</summary>
internal sealed record HandlerMeasurement(string Benchmark, double MedianNanoseconds, long BytesPerOperation);
