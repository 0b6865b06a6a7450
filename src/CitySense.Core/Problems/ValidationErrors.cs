namespace CitySense.Core.Problems;

/// <summary>Collects field errors in the order they are found.</summary>
public sealed class ValidationErrors
{
    // Created by the first error: a valid request (the usual case) allocates nothing here.
    private Dictionary<string, List<string>>? errors;

    public bool Any => errors is { Count: > 0 };

    public void Add(string field, string message)
    {
        errors ??= new(StringComparer.Ordinal);
        if (!errors.TryGetValue(field, out var messages))
        {
            messages = [];
            errors[field] = messages;
        }

        messages.Add(message);
    }

    public Problem ToProblem() =>
        Problem.Validation(
            errors?.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal)
            ?? new Dictionary<string, string[]>(StringComparer.Ordinal));
}
