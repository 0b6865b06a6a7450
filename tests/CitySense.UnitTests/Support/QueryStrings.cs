using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace CitySense.UnitTests.Support;

/// <summary>Query strings as a function receives them.</summary>
internal static class QueryStrings
{
    /// <summary>The query collection of <paramref name="queryString"/>, e.g. <c>?city=houston&amp;limit=2</c>.</summary>
    public static IQueryCollection Parse(string queryString) => new QueryCollection(QueryHelpers.ParseQuery(queryString));
}
