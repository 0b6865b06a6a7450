using CitySense.Core;
using CitySense.Core.Paging;
using CitySense.Core.Problems;
using CitySense.Core.Subscriptions;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>Webhook subscriptions over HTTP, for every product: each caller manages its own (admins everyone's).</summary>
public sealed class SubscriptionFunctions(SubscriptionService subscriptions)
{
    [Function(nameof(CreateSubscription))]
    public async Task<Results<WithHeaders<Created<SubscriptionResponse>>, ProblemResult>> CreateSubscription(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subscriptions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<SubscriptionRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                .ThenAsync(body => subscriptions.CreateAsync(caller, body.ToDraft(), cancellationToken)));
        return outcome.ToResult(request, subscription => TypedResults
            .Created($"/api/subscriptions/{subscription.Id}", SubscriptionResponse.WithSecret(subscription))
            .WithHeader("ETag", ETags.For(subscription.Version)));
    }

    [Function(nameof(ListSubscriptions))]
    public async Task<Results<WithHeaders<Ok<PageResponse<SubscriptionResponse>>>, ProblemResult>> ListSubscriptions(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "subscriptions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = QueryValues.Limit(request.Query["limit"], ApiLimits.DefaultSubscriptionPageSize, ApiLimits.MaxSubscriptionPageSize, errors);
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => errors.Any
                ? Task.FromResult<Outcome<Page<Subscription>>>(errors.ToProblem())
                : subscriptions.ListAsync(caller, limit, request.Query["cursor"], cancellationToken));
        return outcome.ToResult(request, page => PageResults.Page(page, SubscriptionResponse.From, request));
    }

    [Function(nameof(GetSubscription))]
    public async Task<Results<WithHeaders<Ok<SubscriptionResponse>>, ProblemResult>> GetSubscription(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId).ThenAsync(id => subscriptions.GetAsync(caller, id, cancellationToken)));
        return outcome.ToResult(request, Tagged);
    }

    [Function(nameof(UpdateSubscription))]
    public async Task<Results<WithHeaders<Ok<SubscriptionResponse>>, ProblemResult>> UpdateSubscription(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var expected = ETags.TryGetRequiredVersions(request.Headers.IfMatch, out var versions) ? versions : null;
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId)
                .ThenAsync(id => RequestBody.ReadJsonAsync<SubscriptionRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                    .ThenAsync(body => subscriptions.ReplaceAsync(caller, id, body.ToDraft(), expected, cancellationToken))));
        return outcome.ToResult(request, Tagged);
    }

    [Function(nameof(DeleteSubscription))]
    public async Task<Results<NoContent, ProblemResult>> DeleteSubscription(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "subscriptions/{subscriptionId}")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var expected = ETags.TryGetRequiredVersions(request.Headers.IfMatch, out var versions) ? versions : null;
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId).ThenAsync(id => subscriptions.DeleteAsync(caller, id, expected, cancellationToken)));
        return outcome.ToResult(request, _ => TypedResults.NoContent());
    }

    [Function(nameof(RotateSubscriptionSecret))]
    public async Task<Results<WithHeaders<Ok<SubscriptionResponse>>, ProblemResult>> RotateSubscriptionSecret(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subscriptions/{subscriptionId}/secret")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId).ThenAsync(id => subscriptions.RotateSecretAsync(caller, id, cancellationToken)));
        return outcome.ToResult(request, subscription => TypedResults.Ok(SubscriptionResponse.WithSecret(subscription)).WithHeader("ETag", ETags.For(subscription.Version)));
    }

    private static WithHeaders<Ok<SubscriptionResponse>> Tagged(Subscription subscription) =>
        TypedResults.Ok(SubscriptionResponse.From(subscription)).WithHeader("ETag", ETags.For(subscription.Version));
}
