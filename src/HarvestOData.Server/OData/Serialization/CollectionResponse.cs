using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Storage;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// A feed: <c>@odata.context</c>, <c>@odata.count</c>, <c>value</c> streamed row by row from SQLite, then
/// <c>@odata.nextLink</c> when a page is full. A page is one row longer in SQL than on the wire, which tells whether
/// another page exists without counting; its last row's sort values become the keyset skip token.
/// </summary>
public static class CollectionResponse
{
    public static async Task WriteAsync(ReadContext r)
    {
        var request = r.Request;
        bool references = r.Target.IsReference;
        var options = new LevelOptions(references ? ReferenceWriter.KeysOnly : request.SelectExpand, request.Filter, request.OrderBy, request.Search, request.Top, request.Skip, request.Count)
            .With(ApplyQuery.KeepingEntities(r.ApplyInput, request.Apply, request.Option("$apply"), request.Compute));
        var query = new EntityQueryBuilder(r.Sql, request.Aliases).Build(r.Target.Set, options, r.Target.Restriction);
        long? count = request.Count ? r.Mirror.Count(query.CountSql(), r.Sql.Values) : null;

        var token = request.SkipToken is { } text ? r.SkipTokens.Unprotect(text, request.Fingerprint) : null;
        string? keyset = token is null ? query.FirstMatchSeek() : Keyset.After(query.SortKeys, token.Values, r.Sql);
        long? top = request.Top;
        long pageLimit = Math.Min(r.PageSize, top ?? long.MaxValue);
        bool mayHaveMore = top is null || top > r.PageSize;
        string limit = r.Sql.Add(mayHaveMore ? pageLimit + 1 : pageLimit);
        string? offset = token is null && request.Skip is > 0 ? r.Sql.Add(request.Skip.Value) : null;

        using var statement = r.Mirror.Prepare(query.SelectSql(keyset, limit, offset));
        using var expansions = new ExpansionStatements(r.Mirror, query.Shape);
        statement.Bind(r.Sql.Values);
        // The first step runs the query (sorting, scanning): failures here still get a clean error response.
        bool hasRow = statement.Step();

        await using var output = StartFeed(r, references ? ReferenceWriter.CollectionContext(r.ServiceRoot) : ContextUrl.Collection(r.ServiceRoot, r.Target.Set.Name, request.SelectExpand), count);
        var json = output.Json;
        var writer = new EntityWriter(json, r.Format, r.ServiceRoot, r.Sql, expansions);
        long rows = 0;
        object?[]? last = null;
        while (hasRow)
        {
            if (references)
                ReferenceWriter.Write(json, r.ServiceRoot, r.Target.Set, statement.Int64(query.Shape.KeyOrdinal));
            else
                writer.Write(statement, query.Shape);
            if (++rows == pageLimit)
            {
                last = query.Shape.SortOrdinals.Select(statement.Value).ToArray();
                break;
            }
            await output.FlushIfDueAsync(r.Cancellation).ConfigureAwait(false);
            hasRow = statement.Step();
        }
        bool more = mayHaveMore && last is not null && statement.Step();
        Logging.ResponseRows.Report(r.Response.HttpContext, rows);
        json.WriteEndArray();
        if (more)
            json.WriteString("@odata.nextLink", r.NextLink(SkipToken.After(last!), top - pageLimit));
        json.WriteEndObject();
    }

    /// <summary>
    /// Opens a feed on the response: status, OData headers, <c>@odata.context</c> (unless metadata=none),
    /// <c>@odata.count</c> when asked, and the <c>value</c> array, ready for rows.
    /// </summary>
    internal static JsonOutput StartFeed(ReadContext r, string contextUrl, long? count)
    {
        r.Response.StatusCode = 200;
        ODataHeaders.Apply(r.Response, r.Format.ContentType);
        var output = JsonOutput.Start(r.Response, r.Gzip);
        var json = output.Json;
        json.WriteStartObject();
        if (r.Format.Metadata != MetadataLevel.None)
            json.WriteString("@odata.context", contextUrl);
        if (count is { } total)
            WriteCount(json, total, r.Format);
        json.WriteStartArray("value");
        return output;
    }

    public static void WriteCount(System.Text.Json.Utf8JsonWriter json, long count, ResponseFormat format)
    {
        if (format.Ieee754Compatible)
            json.WriteString("@odata.count", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        else
            json.WriteNumber("@odata.count", count);
    }
}
