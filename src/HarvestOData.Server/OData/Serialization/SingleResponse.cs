using System.Buffers.Text;
using System.Globalization;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>One entity (<c>TimeEntries(5)</c>, <c>TimeEntries(5)/Project</c>, <c>Company</c>), one property, its raw <c>$value</c>, or <c>/$count</c>.</summary>
public static class SingleResponse
{
    public static async Task WriteEntityAsync(ReadContext r)
    {
        var request = r.Request;
        var options = new LevelOptions(r.Target.IsReference ? ReferenceWriter.KeysOnly : request.SelectExpand, request.Filter, Search: request.Search) { Compute = request.Compute };
        var query = new EntityQueryBuilder(r.Sql, request.Aliases).Build(r.Target.Set, options, r.Target.Restriction);
        using var statement = r.Mirror.Prepare(query.SelectSql(null, r.Sql.Add(1L), null));
        using var expansions = new ExpansionStatements(r.Mirror, query.Shape);
        statement.Bind(r.Sql.Values);
        if (!statement.Step())
        {
            // TimeEntries(5)/Invoice with no invoice: the parent exists and is visible (the path's MustExist checks ran
            // before), so this is an empty single-valued navigation, 204 as OData's Protocol (11.2.6) has it, not 404.
            if (request.Path.LastSegment is Microsoft.OData.UriParser.NavigationPropertySegment)
            {
                r.Response.StatusCode = StatusCodes.Status204NoContent;
                r.Response.Headers[ODataHeaders.Version] = "4.0";
                return;
            }
            await NotFoundAsync(r).ConfigureAwait(false);
            return;
        }
        if (query.Shape.EntityTagOf(statement) is { } etag)
        {
            r.Response.Headers.ETag = etag;
            if (NotModified(r.Http.Request, etag))
            {
                r.Response.StatusCode = StatusCodes.Status304NotModified;
                r.Response.Headers[ODataHeaders.Version] = "4.0";
                return;
            }
        }
        r.Response.StatusCode = 200;
        ODataHeaders.Apply(r.Response, r.Format.ContentType);
        await using var output = JsonOutput.Start(r.Response, r.Gzip);
        if (r.Target.IsReference)
        {
            ReferenceWriter.WriteSingle(output.Json, r.ServiceRoot, r.Target.Set, statement.Int64(query.Shape.KeyOrdinal), r.Format.Metadata != MetadataLevel.None);
            return;
        }
        string context = ContextUrl.Entity(r.ServiceRoot, r.Target.Set.Name, request.SelectExpand, r.Target.Set.IsSingleton);
        new EntityWriter(output.Json, r.Format, r.ServiceRoot, r.Sql, expansions).Write(statement, query.Shape, context);
    }

    public static async Task WritePropertyAsync(ReadContext r, bool raw)
    {
        var column = r.Target.Property!;
        var query = new EntityQueryBuilder(r.Sql, r.Request.Aliases).Build(r.Target.Set, new LevelOptions(null), r.Target.Restriction);
        int ordinal = query.Shape.Properties.Single(p => p.Column == column).Ordinal;
        using var statement = r.Mirror.Prepare(query.SelectSql(null, r.Sql.Add(1L), null));
        statement.Bind(r.Sql.Values);
        if (!statement.Step())
        {
            await NotFoundAsync(r).ConfigureAwait(false);
            return;
        }
        if (statement.IsNull(ordinal))
        {
            r.Response.StatusCode = StatusCodes.Status204NoContent;
            r.Response.Headers[ODataHeaders.Version] = "4.0";
            return;
        }
        r.Response.StatusCode = 200;
        if (raw)
        {
            ODataHeaders.Apply(r.Response, "text/plain;charset=utf-8");
            await r.Response.Body.WriteAsync(RawValue(statement, ordinal, column.Kind), r.Cancellation).ConfigureAwait(false);
            return;
        }
        ODataHeaders.Apply(r.Response, r.Format.ContentType);
        await using var output = JsonOutput.Start(r.Response, r.Gzip);
        var json = output.Json;
        json.WriteStartObject();
        if (r.Format.Metadata != MetadataLevel.None)
            json.WriteString("@odata.context", ContextUrl.Property(r.ServiceRoot, r.Target.OwnerPath, column.Name, column.Property.Type.FullName()));
        EntityWriter.WriteValue(json, statement, ordinal, column.Kind, System.Text.Json.JsonEncodedText.Encode("value"), r.Format.Ieee754Compatible);
        json.WriteEndObject();
    }

    /// <summary><c>/$count</c> as text/plain; <c>$filter</c> and <c>$search</c> apply, and <c>$top</c>/<c>$skip</c> when given.</summary>
    public static async Task WriteCountAsync(ReadContext r)
    {
        var request = r.Request;
        var options = new LevelOptions(null, request.Filter, Search: request.Search)
            .With(ApplyQuery.KeepingEntities(r.ApplyInput, request.Apply, request.Option("$apply"), request.Compute));
        var query = new EntityQueryBuilder(r.Sql, request.Aliases).Build(r.Target.Set, options, r.Target.Restriction);
        string? limit = request.Top is { } top ? r.Sql.Add(top) : null;
        string? offset = request.Skip is { } skip ? r.Sql.Add(skip) : null;
        long count = r.Mirror.Count(query.CountSql(limit, offset), r.Sql.Values);
        r.Response.StatusCode = 200;
        ODataHeaders.Apply(r.Response, "text/plain;charset=utf-8");
        await r.Response.WriteAsync(count.ToString(CultureInfo.InvariantCulture), r.Cancellation).ConfigureAwait(false);
    }

    /// <summary><c>If-None-Match</c> names the current tag (weak comparison, lists, <c>*</c>): the client's copy is current.</summary>
    private static bool NotModified(HttpRequest request, string etag)
    {
        string ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        return ifNoneMatch.Length > 0 && Writes.Concurrency.EntityTag.Matches(ifNoneMatch, etag);
    }

    public static Task NotFoundAsync(ReadContext r) =>
        ErrorWriter.WriteAsync(r.Response, StatusCodes.Status404NotFound, "NotFound", $"No {r.Target.Set.Type.Name} at '{r.Request.RelativePath}' is visible to you.", r.Cancellation);

    private static byte[] RawValue(SqlStatement row, int ordinal, ValueKind kind)
    {
        Span<byte> buffer = stackalloc byte[48];
        int written;
        switch (kind)
        {
            case ValueKind.Int64:
                Utf8Formatter.TryFormat(row.Int64(ordinal), buffer, out written);
                return buffer[..written].ToArray();
            case ValueKind.Decimal:
                double value = row.Double(ordinal);
                return System.Text.Encoding.UTF8.GetBytes(double.IsFinite(value) && Math.Abs(value) < 7.9e28
                    ? ((decimal)value).ToString(CultureInfo.InvariantCulture)
                    : value.ToString(CultureInfo.InvariantCulture));
            case ValueKind.Boolean:
                return row.Int64(ordinal) != 0 ? "true"u8.ToArray() : "false"u8.ToArray();
            default:
                return row.Type(ordinal) == ColumnType.Null ? [] : row.Utf8(ordinal).ToArray();
        }
    }
}
