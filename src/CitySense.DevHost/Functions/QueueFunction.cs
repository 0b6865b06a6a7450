using System.Reflection;

namespace CitySense.DevHost.Functions;

/// <summary>One queue-triggered function as the Functions host would see it.</summary>
/// <param name="Name">The function name ([Function] attribute).</param>
/// <param name="Queue">The queue it is triggered by.</param>
/// <param name="Connection">The setting that holds the queue's connection.</param>
/// <param name="Method">The C# method to call.</param>
public sealed record QueueFunction(string Name, string Queue, string Connection, MethodInfo Method);
