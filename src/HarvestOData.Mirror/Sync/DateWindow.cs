using System.Data.Common;
using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Client;
using HarvestOData.Mirror.Store;

namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Days <see cref="From"/>..<see cref="To"/>, inclusive, of a dated list (Harvest's <c>from</c>/<c>to</c>); a null end is
/// open, so a window can reach rows dated before or after anything the mirror holds.
/// </summary>
internal readonly record struct DateWindow(DateOnly? From, DateOnly? To)
{
    public static DateWindow Open { get; } = new(null, null);

    public bool IsOpen => From is null && To is null;

    public bool IsSingleDay => From is { } from && from == To;

    public bool Contains(DateOnly day) => (From is not { } from || day >= from) && (To is not { } to || day <= to);

    public ListQuery Apply(ListQuery query) => query with { From = From, To = To };

    /// <summary>A SQL condition on <paramref name="column"/> for this window (undated rows only in the open window), with its parameters.</summary>
    public string Where(string column, DbCommand command)
    {
        if (IsOpen)
            return "1 = 1";
        var conditions = new List<string> { $"{StoredValue.Quote(column)} IS NOT NULL" };
        if (From is { } from)
        {
            conditions.Add($"{StoredValue.Quote(column)} >= @window_from");
            command.AddParameter("@window_from", MirrorDialect.Of(command.Connection!).ToStorage(FieldType.Date, from));
        }
        if (To is { } to)
        {
            conditions.Add($"{StoredValue.Quote(column)} <= @window_to");
            command.AddParameter("@window_to", MirrorDialect.Of(command.Connection!).ToStorage(FieldType.Date, to));
        }
        return string.Join(" AND ", conditions);
    }

    public override string ToString() => $"{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}..{To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "…"}";
}
