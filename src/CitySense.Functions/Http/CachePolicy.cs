using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CitySense.Functions.Http;

/// <summary>
/// The one place that decides Cache-Control. How long a response may be reused is its route's
/// <see cref="Freshness"/>; who may keep it depends on the caller: a response to a caller of any product but
/// <c>public</c> may carry fields only that caller may see, so it is <c>private</c> and no shared cache (API
/// Management's, a CDN, a proxy) may keep it.
/// </summary>
public static class CachePolicy
{
    /// <summary>The caller's product (public, operator, admin), set by API Management on every call made with a key.</summary>
    public const string ProductHeader = CallerHeaders.Product;

    public const string PublicProduct = "public";

    public const string NoStore = "no-store";

    public static string CacheControl(HttpRequest request, Freshness freshness)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!freshness.Storable)
        {
            return NoStore;
        }

        var audience = MayBeShared(request) ? "public" : "private";
        return freshness.MaxAge is { } maxAge
            ? string.Create(CultureInfo.InvariantCulture, $"{audience}, max-age={(int)maxAge.TotalSeconds}")
            : audience + ", no-cache";
    }

    /// <summary>
    /// Whether shared caches may keep the response: calls without a product (anonymous, or not through API Management)
    /// and calls of the public product get the public representation; any other value, even an empty one, may not.
    /// </summary>
    public static bool MayBeShared(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !request.Headers.TryGetValue(ProductHeader, out var product) || product == PublicProduct;
    }
}
