using System.Reflection;

namespace CitySense.DevHost.Functions;

/// <summary>One HTTP-triggered function as the Functions host would see it.</summary>
/// <param name="Name">The function name ([Function] attribute).</param>
/// <param name="Route">Route template without the /api prefix.</param>
/// <param name="Methods">Upper-case HTTP methods.</param>
/// <param name="AuthLevel">The trigger's authorization level: Anonymous, Function or Admin.</param>
/// <param name="Method">The C# method to call.</param>
public sealed record HttpFunction(string Name, string Route, IReadOnlyList<string> Methods, string AuthLevel, MethodInfo Method);
