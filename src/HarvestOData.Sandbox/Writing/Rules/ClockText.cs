using System.Globalization;
using HarvestOData.Sandbox.Protocol;

namespace HarvestOData.Sandbox.Writing.Rules;

/// <summary>Harvest's wall-clock strings (<c>"3:00pm"</c> with the 12h clock, <c>"15:00"</c> with 24h).</summary>
internal static class ClockText
{
    public static string Format(DateTimeOffset instant, bool twelveHour)
    {
        var time = instant.UtcDateTime;
        if (!twelveHour)
            return time.ToString("H:mm", CultureInfo.InvariantCulture);
        int hour = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
        return $"{hour}:{time.Minute:00}{(time.Hour < 12 ? "am" : "pm")}";
    }

    public static int Minutes(string text)
    {
        string value = text.Trim().ToLowerInvariant().Replace(" ", "", StringComparison.Ordinal);
        bool pm = value.EndsWith("pm", StringComparison.Ordinal);
        bool am = value.EndsWith("am", StringComparison.Ordinal);
        if (am || pm)
            value = value[..^2];
        var parts = value.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out int hour) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out int minute))
            throw SandboxProblem.Invalid($"\"{text}\" is not a time.");
        if (am || pm)
            hour = (hour % 12) + (pm ? 12 : 0);
        return (hour * 60) + minute;
    }

    /// <summary>Hours between two clock strings, or a 422 when the end is before the start.</summary>
    public static decimal Hours(string started, string ended)
    {
        int minutes = Minutes(ended) - Minutes(started);
        if (minutes < 0)
            throw SandboxProblem.Invalid("Ended time must be after started time");
        return Math.Round(minutes / 60m, 2);
    }
}
