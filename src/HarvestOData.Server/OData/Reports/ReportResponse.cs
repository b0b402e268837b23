using System.Globalization;
using HarvestOData.Harvest.Reports;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Routing;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.Http;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// Answers a report call from the mirror alone (no Harvest call, so no report quota spent): the report's statement
/// (<see cref="ReportSql"/>) under the caller's scope, the query options over it (<see cref="ReportQuery"/>), the rows
/// streamed as a collection of the row type with the same paging as every feed: <c>Prefer: odata.maxpagesize</c>, a
/// signed keyset <c>$skiptoken</c> bound to the call and its options, <c>@odata.count</c> and <c>/$count</c>.
/// </summary>
public static class ReportResponse
{
    public static async Task WriteAsync(ReadContext r, ReportCall call)
    {
        var report = call.Report;
        var caller = r.Sql.Scope.Caller;
        var empty = new HashSet<long>();
        // The report rules' view of the caller: role and permissions; the id sets are SQL (ReportSql).
        var viewer = new ReportViewer(caller.UserId, caller.AccessRoles, empty, empty, empty);
        if (report.Kind == ReportKind.Uninvoiced && !viewer.MayReadUninvoiced)
        {
            await ErrorWriter.WriteAsync(r.Response, StatusCodes.Status403Forbidden, "Forbidden",
                $"{report.Name} is for administrators and managers who may invoice their projects, as Harvest's uninvoiced report.", r.Cancellation).ConfigureAwait(false);
            return;
        }
        var request = r.Request;
        var arguments = call.Arguments(request, r.Sql.Model.Edm);
        // A monthly budget's month: today's in UTC, as the sandbox counts it (the mirror keeps no account time zone).
        var today = DateOnly.FromDateTime(r.Sql.Time.GetUtcNow().UtcDateTime);
        string reportSql = ReportSql.For(report, arguments, viewer, today, r.Sql);
        var query = ReportQuery.Build(report, reportSql, request, r.Sql);

        if (call.IsCount)
        {
            string? countLimit = request.Top is { } t ? r.Sql.Add(t) : null;
            string? countOffset = request.Skip is { } k ? r.Sql.Add(k) : null;
            long total = r.Mirror.Count(query.CountSql(countLimit, countOffset), r.Sql.Values);
            r.Response.StatusCode = 200;
            ODataHeaders.Apply(r.Response, "text/plain;charset=utf-8");
            await r.Response.WriteAsync(total.ToString(CultureInfo.InvariantCulture), r.Cancellation).ConfigureAwait(false);
            return;
        }

        long? count = request.Count ? r.Mirror.Count(query.CountSql(), r.Sql.Values) : null;
        var token = request.SkipToken is { } text ? r.SkipTokens.Unprotect(text, request.Fingerprint) : null;
        string? keyset = token is null ? null : Keyset.After(query.SortKeys, token.Values, r.Sql);
        long? top = request.Top;
        long pageLimit = Math.Min(r.PageSize, top ?? long.MaxValue);
        bool mayHaveMore = top is null || top > r.PageSize;
        string limit = r.Sql.Add(mayHaveMore ? pageLimit + 1 : pageLimit);
        string? offset = token is null && request.Skip is > 0 ? r.Sql.Add(request.Skip.Value) : null;

        using var statement = r.Mirror.Prepare(query.SelectSql(keyset, limit, offset));
        statement.Bind(r.Sql.Values);
        bool hasRow = statement.Step();

        string context = $"{ContextUrl.Metadata(r.ServiceRoot)}#Collection({report.RowType.FullName})";
        await using var output = CollectionResponse.StartFeed(r, context, count);
        var json = output.Json;
        bool full = r.Format.Metadata == MetadataLevel.Full;
        bool ieee = r.Format.Ieee754Compatible;
        long rows = 0;
        object?[]? last = null;
        while (hasRow)
        {
            json.WriteStartObject();
            foreach (var (column, ordinal) in query.Selected)
            {
                if (full && TypeName(column.Kind) is { } typeName)
                    json.WriteString(column.Name + "@odata.type", typeName);
                EntityWriter.WriteValue(json, statement, ordinal, column.Kind, column.JsonName, ieee);
            }
            json.WriteEndObject();
            if (++rows == pageLimit)
            {
                last = Enumerable.Range(query.FirstSortOrdinal, query.SortKeys.Count).Select(statement.Value).ToArray();
                break;
            }
            await output.FlushIfDueAsync(r.Cancellation).ConfigureAwait(false);
            hasRow = statement.Step();
        }
        bool more = mayHaveMore && last is not null && statement.Step();
        json.WriteEndArray();
        if (more)
            json.WriteString("@odata.nextLink", r.NextLink(SkipToken.After(last!), top - pageLimit));
        json.WriteEndObject();
    }

    /// <summary>The <c>@odata.type</c> full metadata gives values JSON cannot tell apart, as EntityWriter does.</summary>
    private static string? TypeName(ValueKind kind) => kind switch
    {
        ValueKind.Int64 => "#Int64",
        ValueKind.Decimal => "#Decimal",
        _ => null,
    };
}
