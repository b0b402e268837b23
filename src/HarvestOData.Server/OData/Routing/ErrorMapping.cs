using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using Npgsql;

namespace HarvestOData.Server.OData.Routing;

/// <summary>
/// Every failure of a read request as an OData error status: a bad query is the client's (400, naming the problem),
/// a missing resource 404, an unimplemented feature 501, a busy or missing mirror 503. Only a bug would be a 500.
/// </summary>
public static class ErrorMapping
{
    public static (int Status, string Code, string Message)? Map(Exception exception, bool timedOut) => exception switch
    {
        ODataUnrecognizedPathException e => (StatusCodes.Status404NotFound, "NotFound", e.Message),
        ODataException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        QueryLimitException e => (StatusCodes.Status400BadRequest, "QueryLimit", e.Message),
        BadQueryException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        NotSupportedQueryException e => (StatusCodes.Status501NotImplemented, "NotImplemented", e.Message),
        NotImplementedException => (StatusCodes.Status501NotImplemented, "NotImplemented", "This part of the query is not supported."),
        MirrorUnavailableException e => (StatusCodes.Status503ServiceUnavailable, "MirrorUnavailable", e.Message),
        OperationCanceledException when timedOut =>
            (StatusCodes.Status400BadRequest, "QueryTimeout", "The query ran too long and was stopped; narrow it with $filter or $top."),
        SqliteException { SqliteErrorCode: 9 } when timedOut =>
            (StatusCodes.Status400BadRequest, "QueryTimeout", "The query ran too long and was stopped; narrow it with $filter or $top."),
        SqliteException { SqliteErrorCode: 5 or 6 } =>
            (StatusCodes.Status503ServiceUnavailable, "MirrorBusy", "The mirror is busy; try again in a moment."),
        SqliteException e when e.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("no such column", StringComparison.OrdinalIgnoreCase) =>
            (StatusCodes.Status503ServiceUnavailable, "MirrorUnavailable", "The mirror is not ready yet; the first sync is still running."),
        SqliteException e => (StatusCodes.Status400BadRequest, "BadRequest", "The query could not be run: " + e.Message),
        PostgresException e => Postgres(e, timedOut),
        NpgsqlException { InnerException: TimeoutException } =>
            (StatusCodes.Status400BadRequest, "QueryTimeout", "The query ran too long and was stopped; narrow it with $filter or $top."),
        NpgsqlException =>
            (StatusCodes.Status503ServiceUnavailable, "MirrorUnavailable", "The mirror's database cannot be reached; try again in a moment."),
        FormatException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        OverflowException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        ArgumentException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        InvalidOperationException e when e.Source?.StartsWith("Microsoft.OData", StringComparison.Ordinal) == true =>
            (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        KeyNotFoundException e => (StatusCodes.Status400BadRequest, "BadRequest", e.Message),
        _ => ((int, string, string)?)null,
    };

    /// <summary>The same answers on a PostgreSQL mirror, by SQLSTATE.</summary>
    private static (int Status, string Code, string Message) Postgres(PostgresException e, bool timedOut) => e.SqlState switch
    {
        // query_canceled: the request's timeout cancelled it (a client that left gets no answer at all).
        PostgresErrorCodes.QueryCanceled when timedOut =>
            (StatusCodes.Status400BadRequest, "QueryTimeout", "The query ran too long and was stopped; narrow it with $filter or $top."),
        PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn =>
            (StatusCodes.Status503ServiceUnavailable, "MirrorUnavailable", "The mirror is not ready yet; the first sync is still running."),
        PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.LockNotAvailable
            or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.AdminShutdown =>
            (StatusCodes.Status503ServiceUnavailable, "MirrorBusy", "The mirror is busy; try again in a moment."),
        _ => (StatusCodes.Status400BadRequest, "BadRequest", "The query could not be run: " + e.MessageText),
    };
}
