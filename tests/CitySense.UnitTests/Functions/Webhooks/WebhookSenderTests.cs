using System.Net;
using System.Text.Json;
using CitySense.Core.Readings;
using CitySense.Core.Sensors;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Functions.Webhooks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace CitySense.UnitTests.Functions.Webhooks;

/// <summary>
/// Refusals at delivery: the host is resolved again when connecting and a non-public address ends the attempt before
/// any connection is opened. The connector is a substitute, so nothing here can reach a network.
/// </summary>
public sealed class WebhookSenderTests
{
    private readonly IHostAddressResolver resolver = Substitute.For<IHostAddressResolver>();
    private readonly IWebhookConnector connector = Substitute.For<IWebhookConnector>();

    [Theory]
    [InlineData("https://10.0.0.1/hook", "10.0.0.1 is private")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "169.254.169.254 is link-local")]
    [InlineData("https://127.0.0.1/hook", "127.0.0.1 is loopback")]
    [InlineData("https://rebound.example.org/hook", "192.168.7.7 is private")]
    public async Task SendAsync_TargetNotPublicWhenConnecting_RefusedWithoutAnyConnection(string url, string rule)
    {
        // A name that was public when the subscription was made and resolves privately now (DNS rebinding).
        resolver.ResolveAsync("rebound.example.org", Arg.Any<CancellationToken>()).Returns([IPAddress.Parse("192.168.7.7")]);
        using var sender = Sender(allowLoopback: false);

        var result = await sender.SendAsync(TestSubscriptions.To(url), TestSubscriptions.Reading(), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Contains(rule, result.Error, StringComparison.Ordinal);
        await connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public async Task SendAsync_HttpToAPublicAddress_RefusedEvenWithLoopbackAllowed()
    {
        using var sender = Sender(allowLoopback: true);

        var result = await sender.SendAsync(TestSubscriptions.To("http://93.184.216.34/hook"), TestSubscriptions.Reading(), CancellationToken.None);

        Assert.Contains("must use https", result.Error, StringComparison.Ordinal);
        await connector.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default);
    }

    [Fact]
    public void WebhookId_SameReadingAndSubscription_Stable_OtherwiseDifferent()
    {
        var reading = TestSubscriptions.Reading();

        Assert.Equal(WebhookSender.WebhookId("sub_a", reading), WebhookSender.WebhookId("sub_a", reading with { ReceivedAt = reading.ReceivedAt.AddMinutes(1) }));
        Assert.NotEqual(WebhookSender.WebhookId("sub_a", reading), WebhookSender.WebhookId("sub_b", reading));
        Assert.NotEqual(WebhookSender.WebhookId("sub_a", reading), WebhookSender.WebhookId("sub_a", reading with { Id = "other" }));
        Assert.Matches("^msg_[0-9a-f]{32}$", WebhookSender.WebhookId("sub_a", reading));
    }

    private WebhookSender Sender(bool allowLoopback)
    {
        var options = Options.Create(new WebhookOptions { AllowInsecureLoopback = allowLoopback });
        return new WebhookSender(new WebhookTargetGuard(resolver, options), resolver, connector, new FakeTimeProvider(DateTimeOffset.UtcNow));
    }
}
