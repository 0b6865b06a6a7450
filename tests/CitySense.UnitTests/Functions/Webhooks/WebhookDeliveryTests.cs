using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CitySense.Core.Subscriptions;
using CitySense.Core.Webhooks;
using CitySense.Functions.Webhooks;
using CitySense.Testing.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CitySense.UnitTests.Functions.Webhooks;

/// <summary>
/// Deliveries over real connections to a receiver on loopback, in a loopback-only network namespace
/// (<see cref="LoopbackOnlyNetwork"/>). Signatures are checked with the HMAC of the Standard Webhooks specification
/// written here, not with the library that signs.
/// </summary>
[Trait(LoopbackOnlyNetwork.Trait, LoopbackOnlyNetwork.LoopbackOnly)]
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 5, TimeSpan.Zero);

    private LoopbackReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        LoopbackOnlyNetwork.Require();
        receiver = await LoopbackReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (receiver is not null)
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task SendAsync_ReceiverOnLoopback_GetsOneSignedPostOfTheReading()
    {
        using var sender = NewSender();
        var subscription = TestSubscriptions.To(receiver.Url("/hook?team=7").AbsoluteUri);
        var reading = TestSubscriptions.Reading();

        var result = await sender.SendAsync(subscription, reading, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var received = Assert.Single(receiver.Received);
        Assert.Equal(("POST", "/hook?team=7"), (received.Method, received.Path));
        Assert.StartsWith("application/json", received.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal(WebhookSender.WebhookId(subscription.Id, reading), received.Headers["webhook-id"]);
        Assert.Equal(Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Headers["webhook-timestamp"]);
        Assert.Equal([received.ExpectedSignature(subscription.Secret)], received.Headers["webhook-signature"].Split(' '));
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("reading.created", (string?)body["type"]);
        Assert.Equal(subscription.Id, (string?)body["data"]!["subscriptionId"]);
        Assert.Equal("austin.lamar_blvd.air_quality", (string?)body["data"]!["sensorId"]);
        Assert.Equal("austin", (string?)body["data"]!["city"]);
        Assert.Equal(reading.Id, (string?)body["data"]!["reading"]!["id"]);
        Assert.Equal(40.5, (double?)body["data"]!["reading"]!["payload"]!["pm25"]);
    }

    [Fact]
    public async Task SendAsync_DuringRotationGrace_SignedWithBothSecrets()
    {
        using var sender = NewSender();
        var previous = TestSubscriptions.NewSecret();
        var subscription = TestSubscriptions.To(receiver.Url().AbsoluteUri, previous, Now.AddHours(1));

        Assert.True((await sender.SendAsync(subscription, TestSubscriptions.Reading(), CancellationToken.None)).Succeeded);

        var received = Assert.Single(receiver.Received);
        Assert.Equal([received.ExpectedSignature(subscription.Secret), received.ExpectedSignature(previous)], received.Headers["webhook-signature"].Split(' '));
    }

    [Fact]
    public async Task SendAsync_ReceiverRedirects_NotFollowedAndAFailure()
    {
        using var sender = NewSender();
        receiver.Answer = context =>
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "http://169.254.169.254/latest/meta-data/";
            return Task.CompletedTask;
        };

        var result = await sender.SendAsync(TestSubscriptions.To(receiver.Url().AbsoluteUri), TestSubscriptions.Reading(), CancellationToken.None);

        Assert.Equal((307, false), (result.StatusCode, result.Succeeded));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task SendAsync_ReceiverAnswersHugeBody_StatusKeptBodyNotReadPastTheLimit()
    {
        using var sender = NewSender();
        receiver.Answer = async context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            var chunk = new byte[64 * 1024];
            for (var i = 0; i < 1024 && !context.RequestAborted.IsCancellationRequested; i++)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
            }
        };

        var result = await sender.SendAsync(TestSubscriptions.To(receiver.Url().AbsoluteUri), TestSubscriptions.Reading(), CancellationToken.None);

        Assert.Equal(500, result.StatusCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(5), $"Took {result.Duration}: the 64 MB answer was read.");
    }

    private static WebhookSender NewSender()
    {
        var options = Options.Create(new WebhookOptions { AllowInsecureLoopback = true });
        var resolver = new DnsHostAddressResolver();
        return new WebhookSender(new WebhookTargetGuard(resolver, options), resolver, new SocketWebhookConnector(), new FakeTimeProvider(Now));
    }
}
