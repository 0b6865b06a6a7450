using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace CitySense.Deployment.Tests.Gateway;

/// <summary>
/// Runs a policy expression as written in a policy, <c>@(expression)</c> or <c>@{ statements }</c>, with the C#
/// compiler against a <see cref="PolicyContext"/>. API Management allows a subset of .NET in expressions; this runs any
/// C#, so it proves what an expression evaluates to, not that API Management accepts it.
/// </summary>
public static class PolicyExpression
{
    private static readonly ScriptOptions Options = ScriptOptions.Default
        .AddReferences(typeof(PolicyContext).Assembly, typeof(Enumerable).Assembly, typeof(Regex).Assembly)
        .AddImports("System", "System.Linq", "System.Collections.Generic", "System.Text.RegularExpressions", typeof(PolicyContext).Namespace!);

    private static readonly ConcurrentDictionary<string, Lazy<Func<PolicyContext, object?>>> Compiled = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="text"/> is an expression rather than a literal.</summary>
    public static bool IsExpression(string text) => text.StartsWith("@(", StringComparison.Ordinal) || text.StartsWith("@{", StringComparison.Ordinal);

    public static object? Evaluate(string expression, PolicyContext context) =>
        Compiled.GetOrAdd(expression, text => new Lazy<Func<PolicyContext, object?>>(() => Compile(text))).Value(context);

    private static Func<PolicyContext, object?> Compile(string expression)
    {
        if (!IsExpression(expression))
        {
            throw new ArgumentException($"Not a policy expression: {expression}", nameof(expression));
        }

        // @(x) is one C# expression; @{ ... } a block whose every path returns.
        var body = expression[1] == '(' ? $"(object){expression[1..]}" : expression[1..];
        var code = $"(System.Func<PolicyContext, object>)(context => {body})";
        return CSharpScript.EvaluateAsync<Func<PolicyContext, object>>(code, Options).GetAwaiter().GetResult();
    }
}
