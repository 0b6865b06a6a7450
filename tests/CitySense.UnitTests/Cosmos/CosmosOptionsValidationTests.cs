using CitySense.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CitySense.UnitTests.Cosmos;

/// <summary>The Cosmos settings are checked at start, with a message that names the setting.</summary>
public sealed class CosmosOptionsValidationTests
{
    [Theory]
    [InlineData("https://citysense-dev.documents.azure.com:443/", null)]
    [InlineData("http://127.0.0.1:8081/", "local-key")]
    [InlineData("https://localhost:8081/", "emulator-key")]
    public void Options_ValidEndpointAndKey_Accepted(string endpoint, string? key)
    {
        var options = Resolve(new() { ["Cosmos:Endpoint"] = endpoint, ["Cosmos:Key"] = key });

        Assert.Equal(endpoint, options.Endpoint);
    }

    [Theory]
    [InlineData(null, null, "Cosmos:Endpoint")]
    [InlineData("not a url", null, "Cosmos:Endpoint")]
    [InlineData("ftp://example.org/", null, "Cosmos:Endpoint")]
    [InlineData("http://citysense-dev.documents.azure.com/", null, "http only on this machine")]
    [InlineData("https://citysense-dev.documents.azure.com:443/", "account-key", "Cosmos:Key")]
    public void Options_WrongEndpointOrKey_RefusedNamingTheSetting(string? endpoint, string? key, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new() { ["Cosmos:Endpoint"] = endpoint, ["Cosmos:Key"] = key }));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_CertificateBypassForARemoteAccount_Refused()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Cosmos:Endpoint"] = "https://citysense-dev.documents.azure.com:443/",
            ["Cosmos:AllowInsecureLocalCertificate"] = "true",
        }));

        Assert.Contains("Cosmos:AllowInsecureLocalCertificate", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("name ")]
    public void Options_InvalidDatabaseName_Refused(string database)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(new()
        {
            ["Cosmos:Endpoint"] = "http://127.0.0.1:8081/",
            ["Cosmos:Database"] = database,
        }));

        Assert.Contains("Cosmos:Database", failure.Message, StringComparison.Ordinal);
    }

    private static CosmosOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddCosmosStores().BuildServiceProvider();
        return provider.GetRequiredService<IOptions<CosmosOptions>>().Value;
    }
}
