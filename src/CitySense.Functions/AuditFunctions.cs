using CitySense.Core.Audit;
using CitySense.Core.Problems;
using CitySense.Functions.Contracts;
using CitySense.Functions.Http;
using CitySense.Functions.Queries;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Azure.Functions.Worker;

namespace CitySense.Functions;

/// <summary>The audit trail of registry changes over HTTP: admins see all of it, operators their cities.</summary>
public sealed class AuditFunctions(AuditTrail audit)
{
    [Function(nameof(ListAuditRecords))]
    public async Task<Results<WithHeaders<Ok<PageResponse<AuditRecordResponse>>>, ProblemResult>> ListAuditRecords(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var outcome = await CallerHeaders.Read(request)
            .ThenAsync(caller => AuditParameters.Parse(request.Query).ThenAsync(query => audit.ListAsync(caller, query, cancellationToken)));
        return outcome.ToResult(request, page => PageResults.Page(page, AuditRecordResponse.From, request));
    }
}
