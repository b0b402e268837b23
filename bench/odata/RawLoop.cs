using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using SQLitePCL;

namespace HarvestOData.Bench.OData;

/// <summary>
/// The physical limit of this machine for a full read: one SQLitePCLRaw statement stepped in-process into a
/// <see cref="Utf8JsonWriter"/>, the same JSON our server writes for <c>TimeEntries</c> (property names from the
/// catalog, <c>@odata.etag</c> from updated_at, integers and booleans as numbers, REAL decimals through
/// <see cref="decimal"/>, text verbatim), into a stream that only counts. No HTTP, no paging, no scoping.
/// </summary>
public static class RawLoop
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static FeedReader.Result Read(string database)
    {
        Batteries_V2.Init();
        var fields = EntityCatalog.Get("time_entries").Fields.Where(f => !f.IsKey).ToArray();
        var names = fields.Select(f => JsonEncodedText.Encode(f.ODataName)).ToArray();
        var kinds = fields.Select(f => f.Type).ToArray();
        var id = JsonEncodedText.Encode("Id");
        var etag = JsonEncodedText.Encode("@odata.etag");
        string sql = $"SELECT id, updated_at, {string.Join(", ", fields.Select(f => "\"" + f.Column + "\""))} FROM time_entries ORDER BY id";

        var clock = Stopwatch.StartNew();
        Check(raw.sqlite3_open_v2(database, out sqlite3 db, raw.SQLITE_OPEN_READONLY, null), db);
        try
        {
            Check(raw.sqlite3_prepare_v2(db, sql, out sqlite3_stmt statement), db);
            using var sink = new CountingStream();
            long rows = 0;
            using (var json = new Utf8JsonWriter(sink, Options))
            {
                json.WriteStartObject();
                json.WriteString("@odata.context", "http://127.0.0.1/odata/$metadata#TimeEntries");
                json.WriteStartArray("value");
                Span<byte> tag = stackalloc byte[64];
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    json.WriteStartObject();
                    var stamp = raw.sqlite3_column_blob(statement, 1);
                    "W/\""u8.CopyTo(tag);
                    stamp.CopyTo(tag[3..]);
                    tag[3 + stamp.Length] = (byte)'"';
                    json.WriteString(etag, tag[..(stamp.Length + 4)]);
                    json.WriteNumber(id, raw.sqlite3_column_int64(statement, 0));
                    for (int i = 0; i < fields.Length; i++)
                        WriteValue(json, statement, i + 2, kinds[i], names[i]);
                    json.WriteEndObject();
                    rows++;
                    if (json.BytesPending > 32 * 1024)
                        json.Flush();
                }
                if (rc != raw.SQLITE_DONE)
                    Check(rc, db);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            raw.sqlite3_finalize(statement);
            return new FeedReader.Result(rows, 1, sink.Length, clock.Elapsed);
        }
        finally
        {
            raw.sqlite3_close_v2(db);
        }
    }

    private static void WriteValue(Utf8JsonWriter json, sqlite3_stmt statement, int ordinal, FieldType kind, JsonEncodedText name)
    {
        if (raw.sqlite3_column_type(statement, ordinal) == raw.SQLITE_NULL)
        {
            json.WriteNull(name);
            return;
        }
        switch (kind)
        {
            case FieldType.Id or FieldType.Integer:
                json.WriteNumber(name, raw.sqlite3_column_int64(statement, ordinal));
                break;
            case FieldType.Decimal:
                json.WriteNumber(name, (decimal)raw.sqlite3_column_double(statement, ordinal));
                break;
            case FieldType.Boolean:
                json.WriteBoolean(name, raw.sqlite3_column_int64(statement, ordinal) != 0);
                break;
            default:
                json.WriteString(name, raw.sqlite3_column_blob(statement, ordinal));
                break;
        }
    }

    private static void Check(int rc, sqlite3 db)
    {
        if (rc != raw.SQLITE_OK)
            throw new InvalidOperationException($"SQLite error {rc}: {raw.sqlite3_errmsg(db).utf8_to_string()}");
    }

    /// <summary>A write-only stream that keeps nothing but the byte count.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
