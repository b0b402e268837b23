using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Scope;
using HarvestOData.Server.OData.Serialization;
using HarvestOData.Server.OData.Storage;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Writes.Responses;

/// <summary>
/// The entity as the mirror now stores it, serialized exactly as the read endpoint serializes it (its query builder
/// and <see cref="EntityWriter"/>, the caller's row scope, <c>$select</c>/<c>$expand</c> of the write's URL). Should the
/// caller's scope not show the row Harvest just let them write, the row alone is shown (what Harvest answered them).
/// </summary>
public sealed class EntityResponder(ServiceModel model, MirrorConnections connections, QueryLimits limits, TimeProvider time)
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>
    /// The response, or null when the mirror cannot show the row (it could not take the write, or cannot be read now):
    /// Harvest has made the write, so the caller gets a bodiless success rather than an error inviting a retry.
    /// </summary>
    public async Task<WriteResponse?> RespondAsync(WriteSession session, EntitySetMap set, long id, SelectExpandClause? selectExpand,
        ResponseFormat format, int status, CancellationToken cancellationToken)
    {
        try
        {
            return await RespondCoreAsync(session, set, id, selectExpand, format, status, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (MirrorSession.CannotRead(e))
        {
            return null;
        }
    }

    /// <summary>Whether the mirror holds the row and the caller's scope shows it (false too when the mirror cannot be read now).</summary>
    public async Task<bool> ShowsAsync(WriteSession session, EntitySetMap set, long id, CancellationToken cancellationToken)
    {
        if (set.IsSingleton)
            return true;
        try
        {
            await using var mirror = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            var sql = new SqlContext(model, new RowScope(session.Caller, model), limits, time, connections.Dialect);
            string a = sql.NewAlias();
            string check = $"SELECT 1 FROM {SqlContext.Quote(set.Table)} AS {a} WHERE {sql.Scope.Predicate(set, a, sql)} AND {a}.\"id\" = {sql.Add(id)} LIMIT 1";
            return mirror.Exists(check, sql.Values);
        }
        catch (Exception e) when (MirrorSession.CannotRead(e))
        {
            return false;
        }
    }

    private async Task<WriteResponse?> RespondCoreAsync(WriteSession session, EntitySetMap set, long id, SelectExpandClause? selectExpand,
        ResponseFormat format, int status, CancellationToken cancellationToken)
    {
        await using var mirror = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        var written = Write(mirror, new RowScope(session.Caller, model), set, id, selectExpand, format, session.ServiceRoot)
            ?? Write(mirror, RowScope.Administrator(model), set, id, null, format, session.ServiceRoot);
        if (written is not { } body)
            return null;
        var response = new WriteResponse(status) { Body = body.Json, ContentType = format.ContentType }.With("OData-Version", "4.0");
        if (body.ETag is not null)
            response.Headers["ETag"] = body.ETag;
        return response;
    }

    private (byte[] Json, string? ETag)? Write(MirrorSession mirror, RowScope scope, EntitySetMap set, long id, SelectExpandClause? selectExpand,
        ResponseFormat format, string serviceRoot)
    {
        var sql = new SqlContext(model, scope, limits, time, connections.Dialect);
        var query = new EntityQueryBuilder(sql, null).Build(set, new LevelOptions(selectExpand), a => $"{a}.\"id\" = {sql.Add(id)}");
        using var statement = mirror.Prepare(query.SelectSql(null, sql.Add(1L), null));
        using var expansions = new ExpansionStatements(mirror, query.Shape);
        statement.Bind(sql.Values);
        if (!statement.Step())
            return null;
        string? etag = query.Shape.EntityTagOf(statement);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            string context = ContextUrl.Entity(serviceRoot, set.Name, selectExpand, set.IsSingleton);
            new EntityWriter(json, format, serviceRoot, sql, expansions).Write(statement, query.Shape, context);
        }
        return (buffer.WrittenSpan.ToArray(), etag);
    }
}
