using System.Globalization;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query.Filter;

/// <summary>
/// OData literal values as the SQLite mirror stores them (docs/architecture.md#the-mirror): dates as <c>yyyy-MM-dd</c>,
/// timestamps as UTC <c>yyyy-MM-ddTHH:mm:ssZ</c> (so both compare correctly as text), booleans 0/1, decimals as REAL.
/// PostgreSQL binds typed values instead (<see cref="SqlDialect.Literal"/>).
/// </summary>
public static class SqlLiteral
{
    /// <summary>The mirror's own timestamp format (<see cref="StoredValue"/>): a literal compares with stored text only in it.</summary>
    public const string TimestampFormat = StoredValue.TimestampFormat;

    /// <summary>The value to bind; throws <see cref="NotSupportedQueryException"/> for kinds the mirror has no column of.</summary>
    public static object? Value(object? value) => EdmValues.Normalize(value) switch
    {
        null => null,
        string s => s,
        bool b => b ? 1L : 0L,
        long or int or short or byte or sbyte => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal m => (double)m,
        double d => d,
        float f => (double)f,
        DateOnly d => Text(d),
        DateTimeOffset t => Timestamp(t),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        _ => throw new NotSupportedQueryException($"Literals of type {value?.GetType().Name} are not supported."),
    };

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>UTC with whole seconds; a fraction is kept (it then never equals a stored whole-second value).</summary>
    public static string Timestamp(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString(TimestampFormat, CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Whole seconds below and above <paramref name="value"/> (equal when it has no fraction).</summary>
    public static (DateTimeOffset Floor, DateTimeOffset Ceiling) Bounds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var floor = new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return (floor, floor == utc ? floor : floor.AddSeconds(1));
    }
}
