using CitySense.Core;
using CitySense.Core.Access;
using CitySense.Core.Problems;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>Operators' grants of cities over HTTP, for admins: idempotent PUT with ETags, list, get, delete.</summary>
public sealed class OperatorFunctions(GrantService grants)
{
    [Function(nameof(PutOperator))]
    public async Task<Results<WithHeaders<Created<OperatorResponse>>, WithHeaders<Ok<OperatorResponse>>, ProblemResult>> PutOperator(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "operators/{callerId}")] HttpRequest request,
        string callerId,
        CancellationToken cancellationToken)
    {
        var expected = ETags.TryGetRequiredVersions(request.Headers.IfMatch, out var versions) ? versions : null;
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => RequestBody.ReadJsonAsync<OperatorRequest>(request, ApiLimits.MaxBodyBytes, cancellationToken)
                .ThenAsync(body => QueryValues.CallerId(callerId)
                    .ThenAsync(id => grants.PutAsync(caller, id, body.ToDraft(), expected, cancellationToken))));
        if (!outcome.Succeeded)
        {
            return ProblemResults.For(outcome.Problem, request);
        }

        var (grant, created) = outcome.Value;
        var body = OperatorResponse.From(grant);
        return created
            ? TypedResults.Created($"/api/operators/{grant.CallerId}", body).WithHeader("ETag", ETags.For(grant.Version))
            : TypedResults.Ok(body).WithHeader("ETag", ETags.For(grant.Version));
    }

    [Function(nameof(ListOperators))]
    public async Task<Results<WithHeaders<Ok<PageResponse<OperatorResponse>>>, ProblemResult>> ListOperators(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "operators")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var limit = QueryValues.Limit(request.Query["limit"], ApiLimits.DefaultOperatorPageSize, ApiLimits.MaxOperatorPageSize, errors);
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => errors.Any
                ? Task.FromResult<Outcome<Core.Paging.Page<Grant>>>(errors.ToProblem())
                : grants.ListAsync(caller, limit, request.Query["cursor"], cancellationToken));
        return outcome.ToResult(request, page => PageResults.Page(page, OperatorResponse.From, request));
    }

    [Function(nameof(GetOperator))]
    public async Task<Results<WithHeaders<Ok<OperatorResponse>>, ProblemResult>> GetOperator(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "operators/{callerId}")] HttpRequest request,
        string callerId,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.CallerId(callerId).ThenAsync(id => grants.GetAsync(caller, id, cancellationToken)));
        return outcome.ToResult(request, grant => TypedResults.Ok(OperatorResponse.From(grant)).WithHeader("ETag", ETags.For(grant.Version)));
    }

    [Function(nameof(DeleteOperator))]
    public async Task<Results<NoContent, ProblemResult>> DeleteOperator(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "operators/{callerId}")] HttpRequest request,
        string callerId,
        CancellationToken cancellationToken)
    {
        var expected = ETags.TryGetRequiredVersions(request.Headers.IfMatch, out var versions) ? versions : null;
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => QueryValues.CallerId(callerId).ThenAsync(id => grants.DeleteAsync(caller, id, expected, cancellationToken)));
        return outcome.ToResult(request, _ => TypedResults.NoContent());
    }
}
