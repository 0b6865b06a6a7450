using System.Text;
using System.Text.RegularExpressions;
using CitySense.ContractTests.Support;
using CitySense.DevHost.Functions;
using CitySense.Functions;

namespace CitySense.ContractTests;

/// <summary>
/// The document and the app describe the same API: every HTTP function (route and method from the metadata the
/// Functions Worker SDK generates, which the Functions host and the DevHost load) is a documented operation whose
/// operationId is the function's name, and every documented operation is a function. Both directions, exact.
/// </summary>
public sealed partial class OperationCoverageTests
{
    private static readonly IReadOnlyList<HttpFunction> Functions = FunctionCatalog.Load(typeof(SensorFunctions).Assembly);

    private static readonly IReadOnlyList<DocumentedOperation> Documented = DocumentedOperation.Read(Repository.OpenApiYaml);

    [Fact]
    public void Document_EveryHttpFunction_DocumentedWithItsRouteMethodAndName()
    {
        var missing = FunctionOperations().Except(DocumentOperations()).ToList();

        Assert.True(missing.Count == 0, Describe(
            "HTTP functions that openapi/openapi.yaml does not document (method, path = \"/\" + route, operationId = function name):",
            missing,
            DocumentOperations()));
    }

    [Fact]
    public void Functions_EveryDocumentedOperation_ImplementedByAFunctionOfThatName()
    {
        var missing = DocumentOperations().Except(FunctionOperations()).ToList();

        Assert.True(missing.Count == 0, Describe(
            "Operations in openapi/openapi.yaml that no HTTP function implements (method, path, operationId):",
            missing,
            FunctionOperations()));
    }

    [Fact]
    public void Functions_All_RequireTheHostKey()
    {
        // The function app's own hostname is public: a function without a key would let anyone bypass API
        // Management's keys and limits (and scale the app). The gateway exposes health and the document anonymously.
        var anonymous = Functions
            .Where(function => !function.AuthLevel.Equals("Function", StringComparison.OrdinalIgnoreCase))
            .Select(function => $"{function.Name} ({function.AuthLevel})")
            .ToList();

        Assert.Empty(anonymous);
    }

    [Fact]
    public void Document_AnonymousOperations_AreHealthAndTheDocumentItself()
    {
        var anonymousOperations = Documented
            .Where(operation => operation.Anonymous)
            .Select(operation => operation.OperationId ?? "(no operationId)")
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            [nameof(HealthFunctions.GetHealth), nameof(OpenApiFunctions.GetOpenApiJson), nameof(OpenApiFunctions.GetOpenApiYaml)],
            anonymousOperations);
    }

    [Fact]
    public void Functions_Names_NoneIsAPrefixOfAnother()
    {
        // The Functions host's Key Vault key store keeps a function's keys in secrets named "function--{name}--…"
        // and deletes them by the prefix "function--{name}" (case-insensitively, as Key Vault names are): keys
        // written for IngestReading would delete those of IngestReadingBatch. No name may start another.
        var names = Functions.Select(function => function.Name).ToList();
        var clashes = names
            .SelectMany(name => names
                .Where(other => other != name && other.StartsWith(name, StringComparison.OrdinalIgnoreCase))
                .Select(other => $"{name} is a prefix of {other}"))
            .ToList();

        Assert.Empty(clashes);
    }

    [Fact]
    public void CatalogAndDocument_Loaded_NotEmpty()
    {
        // Guards the tests above against passing on an empty catalog or document.
        Assert.Contains(Functions, function => function.Name == nameof(SensorFunctions.GetSensor));
        Assert.Contains(Documented, operation => operation.OperationId == nameof(SensorFunctions.GetSensor));
    }

    private static IEnumerable<string> FunctionOperations() => Functions
        .SelectMany(function => function.Methods.Select(method =>
            Key(method.ToLowerInvariant(), "/" + WithoutConstraints(function.Route), function.Name)))
        .Distinct(StringComparer.Ordinal);

    private static IEnumerable<string> DocumentOperations() =>
        Documented.Select(operation => Key(operation.Method, operation.Path, operation.OperationId ?? "(no operationId)"));

    private static string Key(string method, string path, string name) => $"{method} {path} {name}";

    /// <summary>Route constraints (<c>{id:int}</c>, <c>{id?}</c>) are not part of the path template.</summary>
    private static string WithoutConstraints(string route) => RouteParameter().Replace(route, "{$1}");

    /// <summary>Lists what is missing and, for each, what the other side has on the same path or under the same name.</summary>
    private static string Describe(string heading, IReadOnlyList<string> missing, IEnumerable<string> otherSide)
    {
        var others = otherSide.ToList();
        var text = new StringBuilder(heading).AppendLine();
        foreach (var entry in missing)
        {
            var parts = entry.Split(' ');
            var (method, path, name) = (parts[0], parts[1], parts[2]);
            var near = others.Where(other =>
            {
                var o = other.Split(' ');
                return (o[0] == method && o[1] == path) || o[2] == name;
            }).ToList();
            text.Append("  - ").Append(entry);
            text.AppendLine(near.Count == 0 ? "   (nothing on this path or with this name on the other side)" : "   (other side has: " + string.Join("; ", near) + ")");
        }

        return text.ToString();
    }

    [GeneratedRegex(@"\{([^}:?=]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
