namespace CitySense.Testing.OpenApi;

/// <summary>
/// Checks every response a client receives against the OpenAPI document and hands what does not match to
/// <paramref name="record"/>. It never throws or alters the response, so the test that made the request runs as it
/// would without it; the test run asserts on what was recorded in one place.
/// </summary>
public sealed class ContractValidatingHandler(OpenApiResponseValidator validator, Action<ContractViolation> record)
    : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);

        // Buffered, the body can be read here and again by the test.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        foreach (var violation in await validator.ValidateAsync(response, cancellationToken))
        {
            record(violation);
        }

        return response;
    }
}
