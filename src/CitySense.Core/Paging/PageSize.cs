using System.Globalization;
using CitySense.Core.Problems;

namespace CitySense.Core.Paging;

/// <summary>Reads the <c>limit</c> query parameter.</summary>
public static class PageSize
{
    public static int Read(string? text, int defaultSize, int maxSize, ValidationErrors errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultSize;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1 || size > maxSize)
        {
            errors.Add("limit", $"must be a whole number from 1 to {maxSize}");
            return defaultSize;
        }

        return size;
    }
}
