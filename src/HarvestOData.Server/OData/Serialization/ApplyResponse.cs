using System.Text.Json;
using HarvestOData.Server.OData.Query.Apply;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Storage;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// Aggregated rows of <c>$apply</c>: grouped properties (nested under their navigation, <c>{"Project":{"Name":…}}</c>) and
/// aggregate aliases, without entity control information (they are not entities). Paged by offset: the result is
/// computed anew per page anyway, and grouped rows have no key to seek on.
/// </summary>
public static class ApplyResponse
{
    public static async Task WriteAsync(ReadContext r)
    {
        var request = r.Request;
        if (r.Target.IsReference)
            throw new Query.BadQueryException("$apply does not combine with /$ref: references name entities, $apply makes new rows.");
        if (request.Compute is not null)
            throw new Query.BadQueryException("$compute does not combine with an aggregating $apply; put compute(…) inside $apply.");
        var query = ApplyQuery.Build(r.ApplyInput, request.Apply!, request.Option("$apply")!);
        if (request.Filter is not null)
            query.AddFilter(request.Filter, r.Sql, request.Aliases);
        query.AddOrderBy(request.OrderBy, r.Sql, request.Aliases);
        if (request.SelectExpand is { AllSelected: false } || request.SelectExpand?.SelectedItems.OfType<Microsoft.OData.UriParser.ExpandedNavigationSelectItem>().Any() == true)
            throw new Query.NotSupportedQueryException("$select and $expand do not combine with $apply here; name the properties in groupby.");
        long? count = request.Count ? r.Mirror.Count(query.CountSql(), r.Sql.Values) : null;

        long start = request.SkipToken is { } text ? r.SkipTokens.Unprotect(text, request.Fingerprint).Offset : request.Skip ?? 0;
        long? top = request.Top;
        long pageLimit = Math.Min(r.PageSize, top ?? long.MaxValue);
        bool mayHaveMore = top is null || top > r.PageSize;
        using var statement = r.Mirror.Prepare(query.SelectSql(r.Sql.Add(mayHaveMore ? pageLimit + 1 : pageLimit), r.Sql.Add(start)));
        statement.Bind(r.Sql.Values);
        bool hasRow = statement.Step();

        await using var output = CollectionResponse.StartFeed(r,
            $"{r.ServiceRoot}$metadata#{r.Target.Set.Name}({SelectList(query.Columns, 0, 0, query.Columns.Count)})", count);
        var json = output.Json;
        long rows = 0;
        while (hasRow)
        {
            WriteRow(json, statement, query.Columns, query.BranchOrdinal is { } b ? (int)statement.Int64(b) : -1, r.Format.Ieee754Compatible);
            if (++rows == pageLimit)
                break;
            await output.FlushIfDueAsync(r.Cancellation).ConfigureAwait(false);
            hasRow = statement.Step();
        }
        bool more = mayHaveMore && rows == pageLimit && statement.Step();
        Logging.ResponseRows.Report(r.Response.HttpContext, rows);
        json.WriteEndArray();
        if (more)
            json.WriteString("@odata.nextLink", r.NextLink(SkipToken.AtOffset(start + rows), top - pageLimit));
        json.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter json, SqlStatement row, IReadOnlyList<ResultColumn> columns, int branch, bool ieee)
    {
        json.WriteStartObject();
        var open = new List<string>();
        foreach (var column in columns)
        {
            if (column.Branches is { } branches && !branches.Contains(branch))
                continue;
            int depth = 0;
            while (depth < open.Count && depth < column.Path.Count - 1 && open[depth] == column.Path[depth])
                depth++;
            for (; open.Count > depth; open.RemoveAt(open.Count - 1))
                json.WriteEndObject();
            for (int i = depth; i < column.Path.Count - 1; i++)
            {
                json.WriteStartObject(column.Path[i]);
                open.Add(column.Path[i]);
            }
            WriteValue(json, row, column.Ordinal, column.Kind, column.Name, ieee);
        }
        for (; open.Count > 0; open.RemoveAt(open.Count - 1))
            json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A value that is not a declared property (an aggregate, a computed column), by its <see cref="ResultKind"/>.</summary>
    internal static void WriteValue(Utf8JsonWriter json, SqlStatement row, int ordinal, ResultKind kind, JsonEncodedText name, bool ieee)
    {
        if (row.Type(ordinal) == ColumnType.Null)
        {
            json.WriteNull(name);
            return;
        }
        switch (kind)
        {
            case ResultKind.Int64:
                long value = row.Type(ordinal) == ColumnType.Float ? (long)row.Double(ordinal) : row.Int64(ordinal);
                if (ieee)
                    json.WriteString(name, value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                else
                    json.WriteNumber(name, value);
                break;
            case ResultKind.Decimal:
                EntityWriter.WriteDecimal(json, name, row.Double(ordinal), ieee);
                break;
            case ResultKind.Double:
                json.WriteNumber(name, row.Double(ordinal));
                break;
            case ResultKind.Boolean:
                json.WriteBoolean(name, row.Int64(ordinal) != 0);
                break;
            default:
                json.WriteString(name, row.Utf8(ordinal));
                break;
        }
    }

    /// <summary><c>ProjectId,Total</c> or <c>Project(Name),Total,N</c> for the context URL.</summary>
    private static string SelectList(IReadOnlyList<ResultColumn> columns, int depth, int from, int to)
    {
        var items = new List<string>();
        for (int i = from; i < to;)
        {
            var column = columns[i];
            if (column.Path.Count - 1 == depth)
            {
                items.Add(column.Path[depth]);
                i++;
                continue;
            }
            string head = column.Path[depth];
            int end = i;
            while (end < to && columns[end].Path.Count - 1 > depth && columns[end].Path[depth] == head)
                end++;
            items.Add($"{head}({SelectList(columns, depth + 1, i, end)})");
            i = end;
        }
        return string.Join(",", items);
    }
}
