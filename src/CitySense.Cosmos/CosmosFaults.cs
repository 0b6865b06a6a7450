using System.Net;
using CitySense.Core.Problems;
using Microsoft.Azure.Cosmos;

namespace CitySense.Cosmos;

/// <summary>Turns the store's transient failures into <see cref="StoreUnavailableException"/>, in one place.</summary>
internal static class CosmosFaults
{
    public static async Task<T> TranslateAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var hint = RetryAfterHandler.Keep();
        try
        {
            return await call();
        }
        catch (CosmosException ex) when (IsTransient(ex.StatusCode))
        {
            throw new StoreUnavailableException(
                $"The database answered {(int)ex.StatusCode} after retries.",
                ex.RetryAfter ?? hint.Value ?? TimeSpan.FromSeconds(1),
                ex);
        }
        catch (CosmosOperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreUnavailableException("The database did not answer in time.", TimeSpan.FromSeconds(1), ex);
        }
        catch (HttpRequestException ex)
        {
            throw new StoreUnavailableException("The database could not be reached.", TimeSpan.FromSeconds(5), ex);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status is
        HttpStatusCode.TooManyRequests or
        HttpStatusCode.RequestTimeout or
        HttpStatusCode.Gone or
        HttpStatusCode.ServiceUnavailable or
        HttpStatusCode.InternalServerError or
        (HttpStatusCode)449;
}
