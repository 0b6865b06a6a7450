namespace CitySense.Core.Problems;

/// <summary>
/// A failure that a client can act on. The HTTP layer turns it into an RFC 9457 problem document.
/// </summary>
/// <param name="Kind">What went wrong; decides status code and problem type.</param>
/// <param name="Title">A short, stable summary of the problem kind.</param>
/// <param name="Detail">What happened in this request, safe to show to clients.</param>
/// <param name="Errors">Field path to messages, for validation problems.</param>
/// <param name="RetryAfter">When the client may retry, for throttling and outages.</param>
public sealed record Problem(
    ProblemKind Kind,
    string Title,
    string Detail,
    IReadOnlyDictionary<string, string[]>? Errors = null,
    TimeSpan? RetryAfter = null)
{
    public static Problem Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(ProblemKind.Validation, "The request is invalid.", DescribeErrors(errors), errors);

    public static Problem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static Problem NotFound(string detail) =>
        new(ProblemKind.NotFound, "The resource was not found.", detail);

    private static string DescribeErrors(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 1
            ? $"{errors.Keys.First()} {errors.Values.First()[0]}."
            : $"{errors.Count} fields are invalid: {string.Join(", ", errors.Keys)}.";
}
