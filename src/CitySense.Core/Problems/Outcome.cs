using System.Diagnostics.CodeAnalysis;

namespace CitySense.Core.Problems;

/// <summary>Either a value or a <see cref="Problem"/>: what every application service returns.</summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Problem? problem)
    {
        Value = value;
        Problem = problem;
    }

    public T? Value { get; }

    public Problem? Problem { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Problem problem) => new(default, problem);
}
