using System.Globalization;

namespace CitySense.Core.Audit;

/// <summary>One calendar month (UTC) of the audit trail: its storage partition.</summary>
public readonly record struct AuditMonth(int Year, int Month)
{
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");

    public static AuditMonth For(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return new AuditMonth(utc.Year, utc.Month);
    }

    public AuditMonth Previous() => Month == 1 ? new AuditMonth(Year - 1, 12) : this with { Month = Month - 1 };

    public bool IsBefore(AuditMonth other) => (Year, Month).CompareTo((other.Year, other.Month)) < 0;
}
