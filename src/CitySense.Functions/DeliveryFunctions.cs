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

/// <summary>A subscription's deliveries over HTTP: the recent records, a redelivery, a ping. Only the subscription's owner (or an admin).</summary>
public sealed class DeliveryFunctions(DeliveryService deliveries)
{
    [Function(nameof(ListDeliveries))]
    public async Task<Results<WithHeaders<Ok<PageResponse<DeliveryResponse>>>, ProblemResult>> ListDeliveries(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "subscriptions/{subscriptionId}/deliveries")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = QueryValues.Limit(request.Query["limit"], ApiLimits.DefaultDeliveryPageSize, ApiLimits.MaxDeliveryPageSize, errors);
        var status = QueryValues.DeliveryStatus(request.Query["status"], errors);
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId)
                .ThenAsync(id => errors.Any
                    ? Task.FromResult<Outcome<Page<DeliveryRecord>>>(errors.ToProblem())
                    : deliveries.ListAsync(caller, id, status, limit, request.Query["cursor"], cancellationToken)));
        return outcome.ToResult(request, page => PageResults.Page(page, DeliveryResponse.From, request));
    }

    [Function(nameof(RedeliverDelivery))]
    public async Task<Results<Accepted<DeliveryAcceptedResponse>, ProblemResult>> RedeliverDelivery(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subscriptions/{subscriptionId}/deliveries/{deliveryId}/redeliver")] HttpRequest request,
        string subscriptionId,
        string deliveryId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId)
                .ThenAsync(id => QueryValues.DeliveryId(deliveryId)
                    .ThenAsync(delivery => deliveries.RedeliverAsync(caller, id, delivery, cancellationToken))));
        return outcome.ToResult(request, record => TypedResults.Accepted(
            $"/api/subscriptions/{record.SubscriptionId}/deliveries",
            new DeliveryAcceptedResponse(record.Id, record.SubscriptionId)));
    }

    [Function(nameof(PingSubscription))]
    public async Task<Results<Accepted<DeliveryAcceptedResponse>, ProblemResult>> PingSubscription(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "subscriptions/{subscriptionId}/ping")] HttpRequest request,
        string subscriptionId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.SubscriptionId(subscriptionId)
                .ThenAsync(id => deliveries.PingAsync(caller, id, cancellationToken)));

        // Succeeded: the route's subscription id was valid.
        return outcome.ToResult(request, deliveryId => TypedResults.Accepted(
            $"/api/subscriptions/{subscriptionId}/deliveries",
            new DeliveryAcceptedResponse(deliveryId, subscriptionId)));
    }
}
