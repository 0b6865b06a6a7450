using System.Net;
using System.Net.Sockets;
using CitySense.Core.Problems;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using Microsoft.Extensions.Options;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace CitySense.UnitTests.Webhooks;

/// <summary>
/// The guard decides from the resolver's answer alone: no test here resolves a name through DNS or opens a connection
/// (the resolver is a substitute, and IP literals are never resolved).
/// </summary>
public sealed class WebhookTargetGuardTests
{
    private readonly IHostAddressResolver resolver = Substitute.For<IHostAddressResolver>();

    [Theory]
    [InlineData("https://10.0.0.1/hook", "private (10.0.0.0/8")]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("https://[::ffff:a9fe:a9fe]/hook", "IPv4-mapped")]
    [InlineData("https://[64:ff9b::a00:1]/hook", "NAT64")]
    [InlineData("https://0x7f.1/hook", "loopback")]
    [InlineData("https://2130706433/hook", "loopback")]
    public async Task CheckAsync_AddressLiteralNotPublic_RefusedNamingTheRangeWithoutResolving(string url, string range)
    {
        var (uri, errors) = await CheckAsync(url, allowLoopback: false);

        Assert.Null(uri);
        var message = Assert.Single(errors.ToProblem().Errors!["url"]);
        Assert.StartsWith("must resolve to public addresses only; ", message, StringComparison.Ordinal);
        Assert.Contains(range, message, StringComparison.Ordinal);
        await resolver.DidNotReceiveWithAnyArgs().ResolveAsync(default!, default);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToAPrivateAddressAmongPublicOnes_Refused()
    {
        resolver.ResolveAsync("hooks.example.org", Arg.Any<CancellationToken>())
            .Returns([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("192.168.0.10")]);

        var (uri, errors) = await CheckAsync("https://hooks.example.org/in", allowLoopback: false);

        Assert.Null(uri);
        Assert.Contains("192.168.0.10 is private", Assert.Single(errors.ToProblem().Errors!["url"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_NameResolvingToPublicAddresses_Accepted()
    {
        resolver.ResolveAsync("hooks.example.org", Arg.Any<CancellationToken>())
            .Returns([IPAddress.Parse("93.184.216.34"), IPAddress.Parse("2606:2800:220:1::1")]);

        var (uri, errors) = await CheckAsync("https://hooks.example.org/in?team=7", allowLoopback: false);

        Assert.False(errors.Any);
        Assert.Equal("https://hooks.example.org/in?team=7", uri!.AbsoluteUri);
    }

    [Fact]
    public async Task CheckAsync_NameThatDoesNotResolve_RefusedNamingTheHost()
    {
        resolver.ResolveAsync("nowhere.example", Arg.Any<CancellationToken>()).ThrowsAsync(new SocketException((int)SocketError.HostNotFound));

        var (_, errors) = await CheckAsync("https://nowhere.example/", allowLoopback: false);

        Assert.Equal("must name a host that resolves; 'nowhere.example' does not", Assert.Single(errors.ToProblem().Errors!["url"]));
    }

    [Theory]
    [InlineData("http://93.184.216.34/hook", "must use https")]
    [InlineData("ftp://93.184.216.34/hook", "must be an absolute https URL")]
    [InlineData("/relative/hook", "must be an absolute https URL")]
    [InlineData("https://user:pass@93.184.216.34/hook", "must not carry credentials")]
    [InlineData("https://93.184.216.34/hook#part", "must not have a fragment")]
    [InlineData("", "is required")]
    public async Task CheckAsync_UrlBreakingARule_RefusedNamingTheRule(string url, string rule)
    {
        var (uri, errors) = await CheckAsync(url, allowLoopback: false);

        Assert.Null(uri);
        Assert.StartsWith(rule, Assert.Single(errors.ToProblem().Errors!["url"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("https://127.0.0.1/hook")]
    public async Task CheckAsync_LoopbackWithInsecureLoopbackAllowed_Accepted(string url)
    {
        var (uri, errors) = await CheckAsync(url, allowLoopback: true);

        Assert.False(errors.Any);
        Assert.NotNull(uri);
    }

    [Theory]
    [InlineData("http://10.0.0.1/hook", "private")]
    [InlineData("http://169.254.169.254/hook", "link-local")]
    [InlineData("http://[::ffff:127.0.0.1]/hook", "IPv4-mapped")]
    [InlineData("http://93.184.216.34/hook", "must use https")]
    public async Task CheckAsync_InsecureLoopbackAllowed_StillRefusesEverythingButLoopback(string url, string rule)
    {
        var (uri, errors) = await CheckAsync(url, allowLoopback: true);

        Assert.Null(uri);
        Assert.Contains(rule, Assert.Single(errors.ToProblem().Errors!["url"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_LocalhostNameWithLoopbackAllowed_AcceptedOnlyWhenEveryAddressIsLoopback()
    {
        resolver.ResolveAsync("localhost", Arg.Any<CancellationToken>()).Returns([IPAddress.Loopback, IPAddress.IPv6Loopback]);
        resolver.ResolveAsync("mixed.test", Arg.Any<CancellationToken>()).Returns([IPAddress.Loopback, IPAddress.Parse("93.184.216.34")]);

        var (local, _) = await CheckAsync("http://localhost:9000/hook", allowLoopback: true);
        var (mixed, errors) = await CheckAsync("http://mixed.test:9000/hook", allowLoopback: true);

        Assert.NotNull(local);
        Assert.Null(mixed);
        Assert.StartsWith("must use https", Assert.Single(errors.ToProblem().Errors!["url"]), StringComparison.Ordinal);
    }

    private async Task<(Uri? Uri, ValidationErrors Errors)> CheckAsync(string url, bool allowLoopback)
    {
        var guard = new WebhookTargetGuard(resolver, Options.Create(new WebhookOptions { AllowInsecureLoopback = allowLoopback }));
        var errors = new ValidationErrors();
        var uri = await guard.CheckAsync(url, "url", errors, CancellationToken.None);
        return (uri, errors);
    }
}
