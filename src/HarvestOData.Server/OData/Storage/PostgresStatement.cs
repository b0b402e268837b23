using System.Data;
using Npgsql;

namespace HarvestOData.Server.OData.Storage;

/// <summary>
/// A statement on a PostgreSQL mirror, streamed from Npgsql with <see cref="CommandBehavior.SequentialAccess"/>: rows are
/// never held beyond the current one (<see cref="PostgresRow"/>, which presents it as SQLite would hold it, so the
/// writers need no second path).
/// </summary>
internal sealed class PostgresStatement : IDisposable
{
    private readonly PostgresConnection _connection;
    private readonly NpgsqlCommand _command;
    private readonly IReadOnlyList<bool> _placeholders;
    private readonly PostgresRow _row = new();
    private NpgsqlDataReader? _reader;
    private bool _executed = true;

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
            _row.Describe(_reader);
        }
        if (_reader is null)
            return false;
        if (!_reader.Read())
        {
            Close();
            return false;
        }
        _row.CopyFrom(_reader);
        return true;
    }

    public ColumnType Type(int ordinal) => _row.Type(ordinal);

    public long Int64(int ordinal) => _row.Int64(ordinal);

    public double Double(int ordinal) => _row.Double(ordinal);

    public ReadOnlySpan<byte> Utf8(int ordinal) => _row.Utf8(ordinal);

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
}
