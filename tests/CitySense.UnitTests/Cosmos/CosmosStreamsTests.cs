using System.Net;
using CitySense.Cosmos;
using Microsoft.Azure.Cosmos;

namespace CitySense.UnitTests.Cosmos;

public sealed class CosmosStreamsTests
{
    [Theory]
    [InlineData(HttpStatusCode.NotFound, null)]
    [InlineData(HttpStatusCode.NotFound, "0")]
    [InlineData(HttpStatusCode.PreconditionFailed, null)]
    public void Outcome_RefusalTheCallerHandles_ReturnsItsStatus(HttpStatusCode status, string? subStatus)
    {
        using var response = Answer(status, subStatus);

        Assert.Equal(status, response.Outcome(HttpStatusCode.NotFound, HttpStatusCode.PreconditionFailed));
    }

    [Fact]
    public void Outcome_Success_ReturnsIt()
    {
        using var response = Answer(HttpStatusCode.Created, null);

        Assert.Equal(HttpStatusCode.Created, response.Outcome(HttpStatusCode.Conflict));
    }

    /// <summary>A missing container (sub-status 1003) is a deployment fault, not an unknown sensor.</summary>
    [Theory]
    [InlineData(HttpStatusCode.NotFound, "1003", HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Conflict, null, HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.TooManyRequests, "3200", HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.ServiceUnavailable, null, HttpStatusCode.Conflict)]
    public void Outcome_AnyOtherFailure_ThrowsTheCosmosExceptionWithItsStatus(HttpStatusCode status, string? subStatus, HttpStatusCode handled)
    {
        using var response = Answer(status, subStatus);

        var thrown = Assert.Throws<CosmosException>(() => response.Outcome(handled));

        Assert.Equal(status, thrown.StatusCode);
    }

    private static ResponseMessage Answer(HttpStatusCode status, string? subStatus)
    {
        var response = new ResponseMessage(status);
        if (subStatus is not null)
        {
            response.Headers.Add(CosmosStreams.SubStatusHeader, subStatus);
        }

        return response;
    }
}
