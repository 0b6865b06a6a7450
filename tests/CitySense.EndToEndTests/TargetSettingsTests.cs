using CitySense.Testing;

namespace CitySense.EndToEndTests;

/// <summary>How the environment chooses what the suite calls; a wrong value must stop the run, not test something else.</summary>
public sealed class TargetSettingsTests
{
    [Fact]
    public void Parse_NothingSet_InProcessInTheDefaultTestCity()
    {
        var settings = TargetSettings.Parse(_ => null);

        Assert.False(settings.IsRemote);
        Assert.Equal("citysense-e2e", settings.TestCity);
        Assert.Null(settings.SubscriptionKey);
        Assert.Null(settings.FunctionKey);
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071/api", "http://127.0.0.1:7071/api/")]
    [InlineData("https://citysense-dev.azure-api.net/api/", "https://citysense-dev.azure-api.net/api/")]
    public void Parse_ApiRoot_RemoteWithATrailingSlashSoRelativePathsStayUnderIt(string value, string expected)
    {
        var settings = TargetSettings.Parse(name => name == "CITYSENSE_BASE_URL" ? value : null);

        Assert.True(settings.IsRemote);
        Assert.Equal(new Uri(expected), settings.BaseUrl);
        Assert.Equal(new Uri(expected + "sensors/a.b.c"), new Uri(settings.BaseUrl!, "sensors/a.b.c"));
    }

    [Theory]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("http://127.0.0.1:7071/api/sensors")]
    [InlineData("http://127.0.0.1:7071/stage/api")]
    [InlineData("http://127.0.0.1:7071/api?code=secret")]
    [InlineData("ftp://127.0.0.1/api")]
    [InlineData("127.0.0.1:7071/api")]
    public void Parse_NotAnApiRoot_RefusedWithoutEchoingTheValue(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TargetSettings.Parse(name => name == "CITYSENSE_BASE_URL" ? value : null));

        Assert.Contains("CITYSENSE_BASE_URL", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Houston")]
    [InlineData("e2e city")]
    [InlineData("e2e.city")]
    public void Parse_TestCityNotASlug_Refused(string city)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TargetSettings.Parse(name => name == "CITYSENSE_TEST_CITY" ? city : null));

        Assert.Contains("CITYSENSE_TEST_CITY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_KeysSet_NamesThemWithoutTheirValues()
    {
        var settings = TargetSettings.Parse(name => name switch
        {
            "CITYSENSE_BASE_URL" => "http://127.0.0.1:7071/api",
            "CITYSENSE_KEY" => "subscription-secret",
            "CITYSENSE_FUNCTION_KEY" => "function-secret",
            "CITYSENSE_ADMIN_KEY" => "admin-secret",
            _ => null,
        });

        var text = settings.ToString();

        Assert.Equal("subscription-secret", settings.SubscriptionKey);
        Assert.Equal("function-secret", settings.FunctionKey);
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("SubscriptionKey = set", text, StringComparison.Ordinal);
        Assert.Contains("AdminKey = set", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, false, true)]
    [InlineData("sub", null, null, false, false)]
    [InlineData("sub", "fn", null, false, false)]
    [InlineData("sub", null, "admin", false, true)]
    [InlineData(null, "fn", null, true, true)]
    public void Parse_Remote_CallerHeadersOnlyWhenTheFunctionsHostIsCalledDirectly(
        string? subscriptionKey, string? functionKey, string? adminKey, bool direct, bool admin)
    {
        var settings = TargetSettings.Parse(name => name switch
        {
            "CITYSENSE_BASE_URL" => "http://127.0.0.1:7071/api",
            "CITYSENSE_KEY" => subscriptionKey,
            "CITYSENSE_FUNCTION_KEY" => functionKey,
            "CITYSENSE_ADMIN_KEY" => adminKey,
            _ => null,
        });

        // Through a gateway (a subscription key) the gateway names the caller; sending the headers there would only
        // be ignored, and hiding that would let a gateway that passes them through go unnoticed.
        Assert.Equal(direct, settings.CallsFunctionsHostDirectly);
        Assert.Equal(admin, settings.CanCallAsAdmin);
    }
}
