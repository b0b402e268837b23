using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HarvestOData.Mirror.Store;
using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// The current row of a <see cref="PostgresStatement"/>, copied out of Npgsql's sequential reader (which reads each
/// column once and in order) into buffers reused for every row, as SQLite would hold it: boolean as integer 1/0,
/// numeric and float as double, date as <c>yyyy-MM-dd</c> and timestamptz as <c>yyyy-MM-ddTHH:mm:ssZ</c> UTF-8 text
/// (<see cref="StoredValue"/>'s formats), text as UTF-8, integers as integers. The writers then read any column, in
/// any order, as often as they like (the key after the properties, the sort keys after the row).
/// </summary>
internal sealed class PostgresRow
{
    private StoredAs[] _columns = [];
    private ColumnType[] _types = [];
    private long[] _integers = [];
    private double[] _doubles = [];
    private int[] _textStart = [];
    private int[] _textLength = [];
    private byte[] _text = new byte[1024];
    private byte[] _numbers = [];
    private const int NumberWidth = 32;

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

    /// <summary>
    /// The column as text, as SQLite's <c>sqlite3_column_text</c> gives it (NULL empty). Numbers are formatted only when
    /// asked for as text (the writers read them as numbers), each into a slot of its own, valid until the next row.
    /// </summary>
    public ReadOnlySpan<byte> Utf8(int ordinal) => _types[ordinal] switch
    {
        ColumnType.Null => [],
        ColumnType.Integer => Formatted(ordinal, _integers[ordinal]),
        ColumnType.Float => Formatted(ordinal, _doubles[ordinal]),
        _ => _text.AsSpan(_textStart[ordinal], _textLength[ordinal]),
    };

    /// <summary>Learns the result's column types (once per result shape).</summary>
    public void Describe(NpgsqlDataReader reader)
    {
        if (_columns.Length == reader.FieldCount)
            return;
        int count = reader.FieldCount;
        _columns = new StoredAs[count];
        for (int i = 0; i < count; i++)
            _columns[i] = StoredAsOf(reader.GetDataTypeName(i));
        _types = new ColumnType[count];
        _integers = new long[count];
        _doubles = new double[count];
        _textStart = new int[count];
        _textLength = new int[count];
        _numbers = new byte[count * NumberWidth];
    }

    /// <summary>Copies the reader's current row, every column in order.</summary>
    public void CopyFrom(NpgsqlDataReader reader)
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
                    break;
                case StoredAs.Boolean:
                    _types[i] = ColumnType.Integer;
                    _integers[i] = reader.GetBoolean(i) ? 1 : 0;
                    break;
                case StoredAs.Numeric:
                    _types[i] = ColumnType.Float;
                    _doubles[i] = (double)reader.GetDecimal(i);
                    break;
                case StoredAs.Float:
                    _types[i] = ColumnType.Float;
                    _doubles[i] = reader.GetDouble(i);
                    break;
                case StoredAs.Date:
                    _types[i] = ColumnType.Text;
                    used += WriteDate(used, i, reader.GetFieldValue<DateOnly>(i));
                    break;
                case StoredAs.Timestamp:
                    _types[i] = ColumnType.Text;
                    used += WriteTimestamp(used, i, reader.GetFieldValue<DateTime>(i));
                    break;
                case StoredAs.Text:
                    _types[i] = ColumnType.Text;
                    used += CopyText(used, i, reader);
                    break;
                default:
                    _types[i] = ColumnType.Text;
                    used += WriteText(used, i, Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "");
                    break;
            }
        }
    }

    /// <summary>Text as the server sent it (UTF-8: <see cref="MirrorConnections"/> asks for it), copied without a string in between.</summary>
    private int CopyText(int at, int ordinal, NpgsqlDataReader reader)
    {
        using var stream = reader.GetStream(ordinal);
        int length = 0;
        while (true)
        {
            Reserve(at + length + 256);
            int read = stream.Read(_text.AsSpan(at + length));
            if (read == 0)
                break;
            length += read;
        }
        _textLength[ordinal] = length;
        return length;
    }

    private int WriteText(int at, int ordinal, string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        Reserve(at + length);
        Encoding.UTF8.GetBytes(text, _text.AsSpan(at));
        _textLength[ordinal] = length;
        return length;
    }

    private ReadOnlySpan<byte> Formatted(int ordinal, long value)
    {
        var slot = _numbers.AsSpan(ordinal * NumberWidth, NumberWidth);
        Utf8Formatter.TryFormat(value, slot, out int written);
        return slot[..written];
    }

    private ReadOnlySpan<byte> Formatted(int ordinal, double value)
    {
        var slot = _numbers.AsSpan(ordinal * NumberWidth, NumberWidth);
        value.TryFormat(slot, out int written, "R", CultureInfo.InvariantCulture);
        return slot[..written];
    }

    /// <summary>The mirror's date text (<see cref="StoredValue.DateFormat"/>).</summary>
    private int WriteDate(int at, int ordinal, DateOnly date)
    {
        Reserve(at + 10);
        date.TryFormat(_text.AsSpan(at), out int written, StoredValue.DateFormat, CultureInfo.InvariantCulture);
        _textLength[ordinal] = written;
        return written;
    }

    /// <summary>The mirror's timestamp text (<see cref="StoredValue.TimestampFormat"/>), whole seconds in UTC.</summary>
    private int WriteTimestamp(int at, int ordinal, DateTime instant)
    {
        Reserve(at + 20);
        var utc = instant.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(instant, DateTimeKind.Utc) : instant.ToUniversalTime();
        utc.TryFormat(_text.AsSpan(at), out int written, StoredValue.TimestampFormat, CultureInfo.InvariantCulture);
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
