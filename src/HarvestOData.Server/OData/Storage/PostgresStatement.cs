using System.Buffers.Text;
using System.Data;
using System.Text;
using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// A statement on a PostgreSQL mirror, streamed from Npgsql (<see cref="CommandBehavior.SequentialAccess"/>: rows are
/// never held beyond the current one) and presented as SQLite would hold it, so the writers need no second path:
/// boolean as integer 1/0, numeric and float as double, date as <c>yyyy-MM-dd</c> and timestamptz as
/// <c>yyyy-MM-ddTHH:mm:ssZ</c> UTF-8 text, text as UTF-8, integers as integers. Sequential access reads each column
/// once and in order, while the writers read them in any order and more than once (the key after the properties, the
/// sort keys after the row), so <see cref="Step"/> copies the current row into buffers reused for every row.
/// </summary>
internal sealed class PostgresStatement : IDisposable
{
    private readonly PostgresConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly IReadOnlyList<bool> _placeholders;
    private NpgsqlDataReader? _reader;
    private bool _executed = true;
    private StoredAs[] _columns = [];
    private ColumnType[] _types = [];
    private long[] _integers = [];
    private double[] _doubles = [];
    private int[] _textStart = [];
    private int[] _textLength = [];
    private byte[] _text = new byte[1024];

    public PostgresStatement(PostgresConnection connection, string sql)
    {
        _connection = connection;
        _command = new NpgsqlCommand(sql, connection.Connection);
        _placeholders = PostgresParameters.Used(sql);
    }

    public void Bind(IReadOnlyList<object?> values)
    {
        Close();
        PostgresParameters.Set(_command.Parameters, _placeholders, values);
        _executed = false;
    }

    public bool Step()
    {
        if (!_executed)
        {
            _executed = true;
            _connection.Take(this);
            _reader = _command.ExecuteReader(CommandBehavior.SequentialAccess);
            if (_columns.Length != _reader.FieldCount)
                Describe(_reader);
        }
        if (_reader is null)
            return false;
        if (!_reader.Read())
        {
            Close();
            return false;
        }
        CopyRow(_reader);
        return true;
    }

    public ColumnType Type(int ordinal) => _types[ordinal];

    public long Int64(int ordinal) => _types[ordinal] switch
    {
        ColumnType.Integer => _integers[ordinal],
        ColumnType.Float => (long)_doubles[ordinal],
        ColumnType.Text => Utf8Parser.TryParse(Utf8(ordinal), out long parsed, out _) ? parsed : 0,
        _ => 0,
    };

    public double Double(int ordinal) => _types[ordinal] switch
    {
        ColumnType.Float => _doubles[ordinal],
        ColumnType.Integer => _integers[ordinal],
        ColumnType.Text => Utf8Parser.TryParse(Utf8(ordinal), out double parsed, out _) ? parsed : 0,
        _ => 0,
    };

    /// <summary>The column as text, as SQLite's <c>sqlite3_column_text</c> gives it (numbers formatted, NULL empty).</summary>
    public ReadOnlySpan<byte> Utf8(int ordinal) => _types[ordinal] == ColumnType.Null ? [] : _text.AsSpan(_textStart[ordinal], _textLength[ordinal]);

    /// <summary>Cancels the running command (the request timed out or the client left): its read then fails.</summary>
    public void Cancel() => _command.Cancel();

    /// <summary>Ends this statement's reader (its rows are then done): the connection can run another statement.</summary>
    public void Close()
    {
        var reader = _reader;
        _reader = null;
        _connection.Release(this);
        reader?.Dispose();
    }

    public void Dispose()
    {
        Close();
        _command.Dispose();
    }

    private void Describe(NpgsqlDataReader reader)
    {
        int count = reader.FieldCount;
        _columns = new StoredAs[count];
        for (int i = 0; i < count; i++)
            _columns[i] = StoredAsOf(reader.GetDataTypeName(i));
        _types = new ColumnType[count];
        _integers = new long[count];
        _doubles = new double[count];
        _textStart = new int[count];
        _textLength = new int[count];
    }

    private void CopyRow(NpgsqlDataReader reader)
    {
        int used = 0;
        for (int i = 0; i < _columns.Length; i++)
        {
            _textStart[i] = used;
            _textLength[i] = 0;
            if (reader.IsDBNull(i))
            {
                _types[i] = ColumnType.Null;
                continue;
            }
            switch (_columns[i])
            {
                case StoredAs.Integer:
                    _types[i] = ColumnType.Integer;
                    _integers[i] = reader.GetInt64(i);
                    used += WriteText(used, i, _integers[i]);
                    break;
                case StoredAs.Boolean:
                    _types[i] = ColumnType.Integer;
                    _integers[i] = reader.GetBoolean(i) ? 1 : 0;
                    used += WriteText(used, i, _integers[i]);
                    break;
                case StoredAs.Numeric:
                    _types[i] = ColumnType.Float;
                    _doubles[i] = (double)reader.GetDecimal(i);
                    used += WriteText(used, i, _doubles[i]);
                    break;
                case StoredAs.Float:
                    _types[i] = ColumnType.Float;
                    _doubles[i] = reader.GetDouble(i);
                    used += WriteText(used, i, _doubles[i]);
                    break;
                case StoredAs.Date:
                    _types[i] = ColumnType.Text;
                    used += WriteDate(used, i, reader.GetFieldValue<DateOnly>(i));
                    break;
                case StoredAs.Timestamp:
                    _types[i] = ColumnType.Text;
                    used += WriteTimestamp(used, i, reader.GetFieldValue<DateTime>(i));
                    break;
                default:
                    _types[i] = ColumnType.Text;
                    used += WriteText(used, i, _columns[i] == StoredAs.Text ? reader.GetString(i) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                    break;
            }
        }
    }

    private int WriteText(int at, int ordinal, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        Reserve(at + length);
        Encoding.UTF8.GetBytes(text, _text.AsSpan(at));
        _textLength[ordinal] = length;
        return length;
    }

    private int WriteText(int at, int ordinal, long value)
    {
        Reserve(at + 24);
        Utf8Formatter.TryFormat(value, _text.AsSpan(at), out int written);
        _textLength[ordinal] = written;
        return written;
    }

    private int WriteText(int at, int ordinal, double value)
    {
        Reserve(at + 32);
        value.TryFormat(_text.AsSpan(at), out int written, "R", System.Globalization.CultureInfo.InvariantCulture);
        _textLength[ordinal] = written;
        return written;
    }

    /// <summary>The mirror's date text (<see cref="Mirror.Store.StoredValue.DateFormat"/>).</summary>
    private int WriteDate(int at, int ordinal, DateOnly date)
    {
        Reserve(at + 10);
        date.TryFormat(_text.AsSpan(at), out int written, Mirror.Store.StoredValue.DateFormat, System.Globalization.CultureInfo.InvariantCulture);
        _textLength[ordinal] = written;
        return written;
    }

    /// <summary>The mirror's timestamp text (<see cref="Mirror.Store.StoredValue.TimestampFormat"/>), whole seconds in UTC.</summary>
    private int WriteTimestamp(int at, int ordinal, DateTime instant)
    {
        Reserve(at + 20);
        var utc = instant.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(instant, DateTimeKind.Utc) : instant.ToUniversalTime();
        utc.TryFormat(_text.AsSpan(at), out int written, Mirror.Store.StoredValue.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture);
        _textLength[ordinal] = written;
        return written;
    }

    private void Reserve(int length)
    {
        if (length > _text.Length)
            Array.Resize(ref _text, Math.Max(length, _text.Length * 2));
    }

    private static StoredAs StoredAsOf(string dataType) => dataType switch
    {
        "bigint" or "integer" or "smallint" => StoredAs.Integer,
        "boolean" => StoredAs.Boolean,
        "numeric" => StoredAs.Numeric,
        "double precision" or "real" => StoredAs.Float,
        "date" => StoredAs.Date,
        "timestamp with time zone" or "timestamp without time zone" => StoredAs.Timestamp,
        "text" or "character varying" or "character" or "name" or "unknown" => StoredAs.Text,
        _ => StoredAs.Other,
    };

    private enum StoredAs
    {
        Integer,
        Boolean,
        Numeric,
        Float,
        Date,
        Timestamp,
        Text,
        Other,
    }
}
