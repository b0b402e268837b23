using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// What the read path's SQL spells differently on each <c>Mirror:Provider</c>. There is one compiler (the translator,
/// the query builders, the report SQL); wherever SQLite and PostgreSQL disagree it asks its <see cref="SqlContext"/>'s
/// dialect instead of writing SQLite. SQLite keeps booleans as 0/1, decimals as REAL and dates and timestamps as ISO
/// text (<c>StoredValue</c>); PostgreSQL has boolean, numeric, date and timestamptz (<c>PostgresDialect</c>), so the
/// SQLite spellings that lean on text or on 0/1 get a typed twin here (<see cref="PostgresSql"/>).
/// </summary>
public abstract partial class SqlDialect
{
    public static SqlDialect Sqlite { get; } = new SqliteSql();

    public static SqlDialect Postgres { get; } = new PostgresSql();

    /// <summary>The dialect of the mirror's provider.</summary>
    public static SqlDialect Of(MirrorOptions mirror) => mirror.IsPostgres ? Postgres : Sqlite;

    /// <summary>The positional placeholder of the <paramref name="position"/>th value (1-based).</summary>
    public abstract string Placeholder(int position);

    /// <summary>A predicate that always holds (<c>WHERE 1</c> is SQLite only).</summary>
    public abstract string True { get; }

    public abstract string False { get; }

    /// <summary>A stored boolean column tested for true.</summary>
    public abstract string IsTrue(string flag);

    public abstract string IsFalse(string flag);

    /// <summary>A predicate whose NULL (unknown) counts as false, for <c>NOT</c>: OData has no third truth value.</summary>
    public abstract string FalseWhenNull(string predicate);

    /// <summary>Equality that is true for two NULLs and false for a NULL and a value (<c>IS</c>, <c>IS NOT</c>).</summary>
    public abstract string NullSafeEquals(string left, string right, bool negated);

    /// <summary>An OData literal as the value to bind, in the form the mirror's columns compare with.</summary>
    public abstract object? Literal(object? value);

    /// <summary>A value a row gave back (the reader's ISO text, 1/0, double) bound again, e.g. in a skip token, as a key of <paramref name="kind"/>.</summary>
    public abstract object? Rebind(object? value, EdmPrimitiveTypeKind kind);

    /// <summary>An ORDER BY key in SQLite's order: NULL first ascending, last descending, text by code point.</summary>
    public abstract string OrderKey(string expression, bool descending, EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.None, bool notNull = false);

    /// <summary>A NULL standing for a hidden column of <paramref name="type"/> (PostgreSQL would type a bare NULL as text).</summary>
    public abstract string Null(FieldType type);

    /// <summary>What a LIMIT says when only an OFFSET is wanted.</summary>
    public abstract string NoLimit { get; }

    /// <summary>A grouping key: SQLite gets a hint not to walk an index (see ApplyQuery); PostgreSQL groups by the result column.</summary>
    public abstract string GroupKey(string expression, string resultName, bool readsRows);

    /// <summary>What follows a table name to keep SQLite from reading it through an index (the report's all-time scans).</summary>
    public abstract string NotIndexed { get; }

    /// <summary>A bare column of a GROUP BY query that the group determines (SQLite takes any row's, PostgreSQL needs an aggregate).</summary>
    public abstract string AnyValue(string expression);

    /// <summary>More GROUP BY keys: the primary keys of joined rows PostgreSQL needs to see that their columns are determined.</summary>
    public abstract string GroupedRows(params string[] keys);

    /// <summary>
    /// The first page of a filtered feed in key order seeks to its first match (<c>EntityQuery.FirstMatchSeek</c>):
    /// <paramref name="key"/> at least the smallest key <paramref name="from"/> <paramref name="where"/> selects, found
    /// without walking the key's index (which would read every row before the first match).
    /// </summary>
    public abstract string FirstMatch(string key, string from, string where);

    /// <summary>ASCII upper case (SQLite's <c>upper</c> without ICU), for case-insensitive name order.</summary>
    public abstract string Upper(string text);

    public abstract string Lower(string text);

    /// <summary><c>$search</c>: whether <paramref name="text"/> contains the bound pattern, ASCII letters in either case.</summary>
    public abstract string ContainsIgnoringCase(string text, string pattern);

    /// <summary>The pattern to bind for <see cref="ContainsIgnoringCase"/>.</summary>
    public abstract string IgnoreCasePattern(string pattern);

    /// <summary>ASCII letters for <c>translate()</c>: SQLite's lower/upper and LIKE fold only these.</summary>
    private protected const string LowerAscii = "abcdefghijklmnopqrstuvwxyz", UpperAscii = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
}
