using CitySense.Core.Problems;

namespace CitySense.Core.Access;

/// <summary>The cities one caller may act on in one request, decided once (at most one grant read).</summary>
public sealed class CityAccess
{
    private readonly HashSet<string>? cities;

    private CityAccess(HashSet<string>? cities) => this.cities = cities;

    /// <summary>Every city: an admin, or the writer of what is being answered.</summary>
    public static CityAccess Everywhere { get; } = new(null);

    /// <summary>No city: a public caller.</summary>
    public static CityAccess Nowhere { get; } = new([]);

    public static CityAccess Only(IEnumerable<string> cities) => new([.. cities]);

    public bool IsEverywhere => cities is null;

    /// <summary>The cities allowed, when they are not all of them.</summary>
    public IReadOnlyCollection<string> Cities => cities ?? throw new InvalidOperationException("Every city is allowed.");

    public bool Allows(string city) => cities is null || cities.Contains(city);

    /// <summary>Null when the caller may act in <paramref name="city"/>; otherwise the refusal naming it.</summary>
    public Problem? Check(string city) => Allows(city) ? null : AccessProblems.CityNotGranted(city);
}
