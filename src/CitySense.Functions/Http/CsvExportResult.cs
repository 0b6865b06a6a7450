using System.Globalization;
using System.Text;
using System.Text.Json;
using CitySense.Core.Json;
using CitySense.Core.Readings;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// Streams a reading export as RFC 4180 CSV (UTF-8, CRLF): id, timestamp, receivedAt, then one column per payload
/// field. Rows are written as the store returns them, so memory stays flat whatever the range.
/// </summary>
public sealed class CsvExportResult(ReadingExport export) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public const string MediaType = "text/csv; charset=utf-8";

    public ReadingExport Export => export;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => MediaType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellationToken = httpContext.RequestAborted;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MediaType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{export.SensorId}-readings.csv\"";

        // Not disposed on failure: a writer's disposal flushes, and an unflushed header is what lets a failure before
        // the first row still become a problem response (see GuardedResult). The response owns the stream.
        var writer = new StreamWriter(response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024);
        var line = new StringBuilder();
        Append(line, ["id", "timestamp", "receivedAt", .. export.Columns]);
        await writer.WriteAsync(line, cancellationToken);

        var index = export.Columns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);
        var cells = new string[export.Columns.Count + 3];
        var rows = 0;
        await foreach (var reading in export.Rows(cancellationToken))
        {
            Array.Fill(cells, string.Empty);
            cells[0] = reading.Id;
            cells[1] = Timestamps.Format(reading.Timestamp);
            cells[2] = Timestamps.Format(reading.ReceivedAt);
            foreach (var (name, value) in PayloadColumns.Flatten(reading.Payload))
            {
                if (index.TryGetValue(name, out var i))
                {
                    cells[i + 3] = Cell(value);
                }
            }

            line.Clear();
            Append(line, cells);
            await writer.WriteAsync(line, cancellationToken);
            if (++rows % 1000 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    private static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        _ => value.GetRawText(),
    };

    /// <summary>One RFC 4180 record: cells quoted when they hold a separator, a quote, a line break or edge spaces.</summary>
    internal static void Append(StringBuilder line, IEnumerable<string> cells)
    {
        var first = true;
        foreach (var cell in cells)
        {
            if (!first)
            {
                line.Append(',');
            }

            first = false;
            if (cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && (cell[0] == ' ' || cell[^1] == ' ')))
            {
                line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(cell);
            }
        }

        line.Append("\r\n");
    }
}
