using System.Globalization;
using System.Text;
using CitySense.Core.Json;
using CitySense.Functions.Contracts;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// A page of aggregate buckets as RFC 4180 CSV (UTF-8, CRLF): one row per bucket and field, newest bucket first; the
/// next page's cursor, when there is one, in the Link header as for JSON.
/// </summary>
public sealed class AggregateCsvResult(IReadOnlyList<AggregateBucketResponse> buckets) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private string? csv;

    public static readonly IReadOnlyList<string> Header = ["start", "end", "count", "field", "fieldCount", "min", "max", "avg", "sum", "first", "last", "nonNumeric"];

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => CsvExportResult.MediaType;

    public IReadOnlyList<AggregateBucketResponse> Buckets => buckets;

    /// <summary>The whole page as CSV text (a page is at most 1,000 buckets, so it is built once, and tagged).</summary>
    public string Csv => csv ??= ToCsv();

    private string ToCsv()
    {
        var text = new StringBuilder();
        CsvExportResult.Append(text, Header);
        foreach (var bucket in buckets)
        {
            foreach (var (field, stats) in bucket.Fields)
            {
                CsvExportResult.Append(text,
                [
                    Timestamps.Format(bucket.Start), Timestamps.Format(bucket.End), Number(bucket.Count), field, Number(stats.Count),
                    Number(stats.Min), Number(stats.Max), Number(stats.Avg), Number(stats.Sum), Number(stats.First), Number(stats.Last),
                    Number(stats.NonNumeric),
                ]);
            }
        }

        return text.ToString();
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = CsvExportResult.MediaType;
        await httpContext.Response.WriteAsync(Csv, httpContext.RequestAborted);
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
