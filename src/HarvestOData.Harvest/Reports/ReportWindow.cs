using System.Globalization;

namespace HarvestOData.Harvest.Reports;

/// <summary>
/// A report's <c>from</c>/<c>to</c>: both required, both inclusive, compared with <c>spent_date</c>. Harvest's docs show
/// <c>YYYYMMDD</c>; ISO <c>YYYY-MM-DD</c> is accepted as well, as Harvest's other date parameters are.
/// </summary>
public sealed record ReportWindow(DateOnly From, DateOnly To)
{
    /// <summary>
    /// "The timeframe supplied cannot exceed 1 year (365 days)". Read as: <c>to</c> at most 365 days after <c>from</c>,
    /// so a whole calendar year (366 days in a leap year) is one request, which is what the docs' own example asks.
    /// </summary>
    public const int MaxDaysApart = 365;

    public bool Contains(DateOnly day) => day >= From && day <= To;

    /// <summary>The window, or the 422 message Harvest's shape carries (<c>{"message": …}</c>).</summary>
    public static ReportWindow Parse(string? from, string? to, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(from))
            error = "The from parameter is required (YYYYMMDD).";
        else if (string.IsNullOrWhiteSpace(to))
            error = "The to parameter is required (YYYYMMDD).";
        else if (ParseDay(from) is not { } start)
            error = $"The from parameter '{from}' is not a date (YYYYMMDD).";
        else if (ParseDay(to) is not { } end)
            error = $"The to parameter '{to}' is not a date (YYYYMMDD).";
        else if (end < start)
            error = "The to date must be on or after the from date.";
        else if (end.DayNumber - start.DayNumber > MaxDaysApart)
            error = "The timeframe supplied cannot exceed 1 year (365 days).";
        else
            return new ReportWindow(start, end);
        return new ReportWindow(DateOnly.MinValue, DateOnly.MinValue);
    }

    public static DateOnly? ParseDay(string text) =>
        DateOnly.TryParseExact(text.Trim(), ["yyyyMMdd", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
