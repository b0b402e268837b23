using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// A prepared statement of the mirror and its current row, whatever the provider (open one with
/// <see cref="MirrorSession.Prepare"/>). On SQLite it is read through SQLitePCLRaw directly: column values come out as
/// spans over SQLite's own buffers (no string per value), which is what lets a feed stream at the speed of the
/// <c>sqlite3</c> shell. On PostgreSQL it reads an Npgsql reader that presents each column as SQLite would hold it
/// (<see cref="PostgresStatement"/>), so the writers are the same for both.
/// </summary>
/// <remarks>
/// One sealed class with a branch per accessor rather than an interface: the SQLite accessors stay non-virtual and are
/// inlined into the writers' loops (tens of millions of calls for a large feed), the branch on a field that never
/// changes costs nothing measurable there.
/// </remarks>
public sealed class SqlStatement : IDisposable
{
    private readonly sqlite3? _db;
    private readonly sqlite3_stmt? _stmt;
    private readonly int _parameterCount;
    private readonly nint _handle;
    private readonly PostgresStatement? _postgres;

    internal SqlStatement(sqlite3 db, string sql)
    {
        _db = db;
        int rc = raw.sqlite3_prepare_v2(db, sql, out _stmt);
        if (rc != raw.SQLITE_OK)
            throw Error(rc);
        _parameterCount = raw.sqlite3_bind_parameter_count(_stmt);
        // The statement lives as long as this object (finalized in Dispose), so its pointer does too.
        _handle = _stmt.DangerousGetHandle();
    }

    internal SqlStatement(PostgresStatement postgres) => _postgres = postgres;

    /// <summary>Binds the request's shared values; the statement takes the prefix its placeholders use.</summary>
    public void Bind(IReadOnlyList<object?> values)
    {
        if (_postgres is not null)
        {
            _postgres.Bind(values);
            return;
        }
        raw.sqlite3_reset(_stmt);
        int count = Math.Min(_parameterCount, values.Count);
        for (int i = 0; i < count; i++)
        {
            int rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(_stmt, i + 1),
                long l => raw.sqlite3_bind_int64(_stmt, i + 1, l),
                double d => raw.sqlite3_bind_double(_stmt, i + 1, d),
                string s => raw.sqlite3_bind_text(_stmt, i + 1, s),
                var other => throw new ArgumentException($"Cannot bind {other.GetType().Name}."),
            };
            if (rc != raw.SQLITE_OK)
                throw Error(rc);
        }
    }

    /// <summary>Advances to the next row; false at the end.</summary>
    public bool Step()
    {
        if (_postgres is not null)
            return _postgres.Step();
        int rc = raw.sqlite3_step(_stmt);
        return rc switch
        {
            raw.SQLITE_ROW => true,
            raw.SQLITE_DONE => false,
            _ => throw Error(rc),
        };
    }

    public ColumnType Type(int ordinal) => _postgres is null ? (ColumnType)SqliteColumns.Type(_handle, ordinal) : _postgres.Type(ordinal);

    public bool IsNull(int ordinal) => Type(ordinal) == ColumnType.Null;

    public long Int64(int ordinal) => _postgres is null ? SqliteColumns.Int64(_handle, ordinal) : _postgres.Int64(ordinal);

    public double Double(int ordinal) => _postgres is null ? SqliteColumns.Double(_handle, ordinal) : _postgres.Double(ordinal);

    /// <summary>The UTF-8 text of a column; valid until the next <see cref="Step"/>.</summary>
    public ReadOnlySpan<byte> Utf8(int ordinal) => _postgres is null ? SqliteColumns.Utf8(_handle, ordinal) : _postgres.Utf8(ordinal);

    /// <summary>The value as a boxed long, double, string or null (for skip tokens and scalar results).</summary>
    public object? Value(int ordinal) => Type(ordinal) switch
    {
        ColumnType.Null => null,
        ColumnType.Integer => Int64(ordinal),
        ColumnType.Float => Double(ordinal),
        _ => Encoding.UTF8.GetString(Utf8(ordinal)),
    };

    public void Dispose()
    {
        if (_postgres is not null)
            _postgres.Dispose();
        else
            raw.sqlite3_finalize(_stmt);
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));
}
