using CitySense.Core.Problems;

namespace CitySense.Core.Access;

/// <summary>The problems about one grant.</summary>
public static class GrantProblems
{
    public static Problem Unknown(string callerId) => Problem.NotFound($"No grant for caller '{callerId}'.");

    public static Problem Changed(string callerId) => new(
        ProblemKind.PreconditionFailed,
        "The grant has changed.",
        $"If-Match does not match the current ETag of the grant for '{callerId}' (or it changed meanwhile); GET it again and retry with the new ETag.");
}
