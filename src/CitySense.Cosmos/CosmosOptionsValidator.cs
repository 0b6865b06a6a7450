using System.Net;
using Microsoft.Extensions.Options;

namespace CitySense.Cosmos;

/// <summary>
/// Checks the Cosmos settings at start-up, so a wrong value stops the app with a message that names the setting,
/// instead of failing on the first request.
/// </summary>
internal sealed class CosmosOptionsValidator : IValidateOptions<CosmosOptions>
{
    public ValidateOptionsResult Validate(string? name, CosmosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint)
            || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add(
                "Cosmos:Endpoint must be the absolute https URL of a Cosmos DB account (e.g. https://myaccount.documents.azure.com:443/); "
                + "set it with Cosmos__Endpoint, or run the DevHost, which starts a local server.");
        }
        else
        {
            var loopback = IsLoopback(endpoint);
            if (endpoint.Scheme == Uri.UriSchemeHttp && !loopback)
            {
                failures.Add($"Cosmos:Endpoint may use http only on this machine (localhost or 127.0.0.1), not on {endpoint.Host}.");
            }

            if (!string.IsNullOrEmpty(options.Key) && !loopback)
            {
                failures.Add(
                    "Cosmos:Key is only for a local server or emulator on this machine; leave it empty for an Azure account, "
                    + "which the app signs in to with its managed identity.");
            }

            if (options.AllowInsecureLocalCertificate && !loopback)
            {
                failures.Add("Cosmos:AllowInsecureLocalCertificate applies only to an emulator on this machine (localhost or 127.0.0.1).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Database) || options.Database.Length > 255
            || options.Database.IndexOfAny(['/', '\\', '?', '#']) >= 0 || options.Database.EndsWith(' '))
        {
            failures.Add("Cosmos:Database must be 1-255 characters without '/', '\\', '?', '#' or a trailing space.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsLoopback(Uri endpoint) =>
        endpoint.IsLoopback || (IPAddress.TryParse(endpoint.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
