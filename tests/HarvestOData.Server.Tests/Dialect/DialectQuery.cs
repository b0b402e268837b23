using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using HarvestOData.Harvest.Reports;
using HarvestOData.Server.Auth;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Apply;
using HarvestOData.Server.OData.Query.Filter;
using HarvestOData.Server.OData.Query.Paging;
using HarvestOData.Server.OData.Query.Scope;
using HarvestOData.Server.OData.Query.Select;
using HarvestOData.Server.OData.Reports;
using HarvestOData.Server.OData.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OData;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.UriParser;
using Npgsql;

namespace HarvestOData.Server.Tests.Dialect;

/// <summary>
/// One OData URL compiled by the server's own compiler for a dialect, as the request handler compiles it (entity feed
/// with expansions, aggregating <c>$apply</c>, report), and executed with plain ADO.NET. Rows come back with every value
/// in one comparable form: integers and booleans as long, numbers as double, dates and timestamps as the mirror's ISO text.
/// </summary>
public sealed partial class DialectQuery
{
    private static readonly TimeProvider Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    /// <summary>What AspNetCoreOData's query options read from the request's services: the model under <c>/odata</c>, as the server registers it.</summary>
    private static readonly Lazy<IServiceProvider> ODataServices = new(() =>
    {
        var services = new ServiceCollection().AddLogging();
        services.AddControllers().AddOData(odata =>
        {
            odata.AddRouteComponents(CatalogPath.RoutePrefix, ServiceModel.Default.Edm,
                route => route.AddSingleton<ODataUriResolver>(new UnqualifiedODataUriResolver { EnableCaseInsensitive = true }));
            odata.EnableQueryFeatures();
        });
        return services.BuildServiceProvider();
    });

    private readonly SqlContext _sql;
    private readonly string _text;
    private readonly RowShape? _shape;

    private DialectQuery(SqlContext sql, string text, RowShape? shape, IReadOnlyList<OrderByKey> keys, IReadOnlyList<int> sortOrdinals)
    {
        _sql = sql;
        _text = text;
        _shape = shape;
        SortKeys = keys;
        SortOrdinals = sortOrdinals;
    }

    public IReadOnlyList<OrderByKey> SortKeys { get; }

    /// <summary>Where the sort values sit in a row (entity feeds and reports), for a skip token's values.</summary>
    public IReadOnlyList<int> SortOrdinals { get; }

    /// <param name="after">A skip token's values (as a row gives them back): the rows after that row.</param>
    /// <param name="count">The statement of <c>$count</c> (and <c>/$count</c> with <c>$top</c>/<c>$skip</c>) instead of the rows.</param>
    public static DialectQuery Compile(string url, SqlDialect dialect, Caller caller, IReadOnlyList<object?>? after = null, bool count = false)
    {
        var model = ServiceModel.Default;
        var limits = new QueryLimits();
        var http = new DefaultHttpContext { RequestServices = ODataServices.Value };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        int question = url.IndexOf('?', StringComparison.Ordinal);
        http.Request.Path = question < 0 ? url : url[..question];
        http.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(url[question..]);
        var path = CatalogPath.For(http, model);
        var parsed = new RequestParser(model, limits).Parse(http.Request, path);
        var sql = new SqlContext(model, new RowScope(caller, model), limits, Clock, dialect);

        if (ReportCall.Of(parsed.Path, model) is { } call)
        {
            var empty = new HashSet<long>();
            var viewer = new ReportViewer(caller.UserId, caller.AccessRoles, empty, empty, empty);
            var today = DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);
            var report = ReportQuery.Build(call.Report, ReportSql.For(call.Report, call.Arguments(parsed, model.Edm), viewer, today, sql), parsed, sql);
            if (count)
                return new DialectQuery(sql, report.CountSql(parsed.Top is { } t ? sql.Add(t) : null, parsed.Skip is { } k ? sql.Add(k) : null), null, [], []);
            string? keyset = after is null ? null : Keyset.After(report.SortKeys, after, sql);
            string text = report.SelectSql(keyset, sql.Add(parsed.Top ?? 1_000_000L), parsed.Skip is { } skip ? sql.Add(skip) : null);
            return new DialectQuery(sql, text, null, report.SortKeys, Enumerable.Range(report.FirstSortOrdinal, report.SortKeys.Count).ToList());
        }

        var target = ResourcePath.Resolve(parsed.Path, sql);
        string? limit = parsed.Top is { } top ? sql.Add(top) : null;
        string? offset = parsed.Skip is { } s ? sql.Add(s) : null;
        var input = new ApplyInput(target.Set, parsed.Path, parsed.Search, target.Restriction, sql, parsed.Aliases);
        if (parsed.Apply is not null && ApplyQuery.Aggregates(parsed.Apply, parsed.Option("$apply")))
        {
            var apply = ApplyQuery.Build(input, parsed.Apply, parsed.Option("$apply")!);
            if (parsed.Filter is not null)
                apply.AddFilter(parsed.Filter, sql, parsed.Aliases);
            apply.AddOrderBy(parsed.OrderBy, sql, parsed.Aliases);
            if (count)
                return new DialectQuery(sql, apply.CountSql(), null, [], []);
            return new DialectQuery(sql, apply.SelectSql(limit ?? (offset is null ? null : dialect.NoLimit), offset), null, [], []);
        }

        var options = new LevelOptions(parsed.SelectExpand, parsed.Filter, parsed.OrderBy, parsed.Search, parsed.Top, parsed.Skip, parsed.Count)
            .With(ApplyQuery.KeepingEntities(input, parsed.Apply, parsed.Option("$apply"), parsed.Compute));
        var query = new EntityQueryBuilder(sql, parsed.Aliases).Build(target.Set, options, target.Restriction);
        if (count)
            return new DialectQuery(sql, query.CountSql(limit, offset), null, [], []);
        string? seek = after is null ? query.FirstMatchSeek() : Keyset.After(query.SortKeys, after, sql);
        return new DialectQuery(sql, query.SelectSql(seek, limit ?? (offset is null ? null : dialect.NoLimit), offset), query.Shape, query.SortKeys, query.Shape.SortOrdinals);
    }

    /// <summary>The rows, each followed by the rows of its expansions (and their counts) in order.</summary>
    public async Task<List<object?[]>> RunAsync(DbConnection connection)
    {
        var rows = await ReadAsync(connection, _text);
        if (_shape is null || _shape.Expansions.Count == 0)
            return rows;
        var all = new List<object?[]>();
        foreach (var row in rows)
        {
            all.Add(row);
            foreach (var expansion in _shape.Expansions)
            {
                _sql.Set(expansion.Slot, _sql.Dialect.Rebind(row[expansion.SourceOrdinal], Microsoft.OData.Edm.EdmPrimitiveTypeKind.Int64));
                all.AddRange(await ReadAsync(connection, expansion.Sql));
                if (expansion.CountSql is { } count)
                    all.AddRange(await ReadAsync(connection, count));
            }
        }
        return all;
    }

    /// <summary>SQLite's plan of the statement, one step's detail a line (<c>EXPLAIN QUERY PLAN</c>).</summary>
    public async Task<List<string>> PlanAsync(DbConnection connection) =>
        [.. (await ReadAsync(connection, "EXPLAIN QUERY PLAN " + _text)).Select(row => (string)row[3]!)];

    private async Task<List<object?[]>> ReadAsync(DbConnection connection, string text)
    {
        await using var command = connection.CreateCommand();
        // Microsoft.Data.Sqlite binds by name and cannot bind a ?N that has no name (a gap below the highest N, as in
        // an expansion's statement): the same positions become @pN for it.
        command.CommandText = connection is SqliteConnection ? Placeholders().Replace(text, "@p$1") : text;
        // The statements of a request share one value list and bind the prefix their placeholders reach.
        int used = Placeholders().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
        for (int i = 0; i < used; i++)
        {
            object value = _sql.Values[i] ?? DBNull.Value;
            command.Parameters.Add(connection is SqliteConnection ? new SqliteParameter("@p" + (i + 1), value) : new NpgsqlParameter { Value = value });
        }
        var rows = new List<object?[]>();
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            throw new InvalidOperationException($"{e.Message}\n{text}", e);
        }
        await using var _ = reader;
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (int i = 0; i < row.Length; i++)
                row[i] = Comparable(reader.IsDBNull(i) ? null : reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>A value as the SQLite mirror holds it (and as the PostgreSQL row reader hands values to the writers).</summary>
    public static object? Comparable(object? value) => value switch
    {
        null => null,
        bool b => b ? 1L : 0L,
        int or short or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        decimal m => (double)m,
        float f => (double)f,
        DateOnly d => SqlLiteral.Text(d),
        DateTime t => SqlLiteral.Timestamp(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))),
        DateTimeOffset t => SqlLiteral.Timestamp(t),
        _ => value,
    };

    public override string ToString() => _text;

    [GeneratedRegex(@"[?$](\d+)")]
    private static partial Regex Placeholders();
}
