using Npgsql;
using NpgsqlTypes;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// The request's shared value list as Npgsql's positional parameters (<c>$1</c> … <c>$n</c>). A statement binds the
/// prefix it uses, as on SQLite, but PostgreSQL must know the type of every parameter it is sent, even one the
/// statement never mentions (an expansion's slot in the outer query's prefix): those go as typed NULLs.
/// </summary>
internal static class PostgresParameters
{
    /// <summary>Which of <c>$1</c>…<c>$n</c> the statement mentions (index 0 is <c>$1</c>), outside quoted text and names.</summary>
    public static IReadOnlyList<bool> Used(string sql)
    {
        var used = new List<bool>();
        for (int i = 0; i < sql.Length; i++)
        {
            char c = sql[i];
            if (c is '\'' or '"')
            {
                // '' and "" inside quotes are escapes: skipping to the next quote twice lands after them.
                int end = sql.IndexOf(c, i + 1);
                i = end < 0 ? sql.Length : end;
                continue;
            }
            if (c != '$' || i + 1 >= sql.Length || !char.IsAsciiDigit(sql[i + 1]))
                continue;
            int start = i + 1;
            int stop = start;
            while (stop < sql.Length && char.IsAsciiDigit(sql[stop]))
                stop++;
            int position = int.Parse(sql.AsSpan(start, stop - start), System.Globalization.CultureInfo.InvariantCulture);
            while (used.Count < position)
                used.Add(false);
            used[position - 1] = true;
            i = stop - 1;
        }
        return used;
    }

    /// <summary>Sets <c>$1</c>…<c>$n</c> from <paramref name="values"/> (the statement's prefix of the shared list).</summary>
    public static void Set(NpgsqlParameterCollection parameters, IReadOnlyList<bool> used, IReadOnlyList<object?> values)
    {
        parameters.Clear();
        for (int i = 0; i < used.Count; i++)
        {
            object? value = i < values.Count ? values[i] : null;
            parameters.Add(used[i] ? Parameter(value) : new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        }
    }

    /// <summary>
    /// Values typed as they are, except text and NULL: those go untyped (as a literal <c>'…'</c> would), so PostgreSQL
    /// reads <c>'2024-03-01'</c> as a date next to a date column and as text next to text, as SQLite compares them.
    /// </summary>
    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        null => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = DBNull.Value },
        string s => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Unknown, Value = s },
        long l => new NpgsqlParameter<long>(null!, l),
        int n => new NpgsqlParameter<long>(null!, n),
        double d => new NpgsqlParameter<double>(null!, d),
        decimal m => new NpgsqlParameter<decimal>(null!, m),
        bool b => new NpgsqlParameter<bool>(null!, b),
        DateOnly d => new NpgsqlParameter<DateOnly>(null!, d),
        DateTime t => new NpgsqlParameter<DateTime>(null!, DateTime.SpecifyKind(t, DateTimeKind.Utc)) { NpgsqlDbType = NpgsqlDbType.TimestampTz },
        DateTimeOffset t => new NpgsqlParameter<DateTime>(null!, t.UtcDateTime) { NpgsqlDbType = NpgsqlDbType.TimestampTz },
        var other => throw new ArgumentException($"Cannot bind {other.GetType().Name}."),
    };
}
