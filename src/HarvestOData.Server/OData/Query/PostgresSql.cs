using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Mirror.Store;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query.Filter;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// PostgreSQL over the mirror's native types (<c>PostgresDialect</c>: bigint, boolean, numeric, date, timestamptz in
/// whole UTC seconds, text), giving the results SQLite gives over its storage forms: predicates are booleans, literals
/// bind typed (Npgsql sends DateOnly as date, a UTC DateTime as timestamptz, decimal as numeric), date parts are taken in
/// UTC, NULLs sort first ascending as in SQLite, text compares by code point (<c>COLLATE "C"</c>, SQLite's BINARY), and
/// case folding touches ASCII letters only (SQLite's lower, upper and LIKE without ICU).
/// </summary>
internal sealed class PostgresSql : SqlDialect
{
    private const string Utc = " AT TIME ZONE 'UTC'";

    public override string Placeholder(int position) => "$" + position;

    public override string True => "true";

    public override string False => "false";

    public override string IsTrue(string flag) => flag;

    public override string IsFalse(string flag) => "NOT " + flag;

    public override string FalseWhenNull(string predicate) => $"COALESCE({predicate}, false)";

    public override string NullSafeEquals(string left, string right, bool negated) => $"{left} IS{(negated ? "" : " NOT")} DISTINCT FROM {right}";

    public override object? Literal(object? value) => EdmValues.Normalize(value) switch
    {
        bool b => b,
        decimal m => m,
        DateOnly d => d,
        DateTimeOffset t => t.UtcDateTime,
        var other => SqlLiteral.Value(other),
    };

    public override object? Rebind(object? value, EdmPrimitiveTypeKind kind) => (value, kind) switch
    {
        (string s, EdmPrimitiveTypeKind.Date) => DateOnly.ParseExact(s, StoredValue.DateFormat, CultureInfo.InvariantCulture),
        (string s, EdmPrimitiveTypeKind.DateTimeOffset) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime,
        (long l, EdmPrimitiveTypeKind.Boolean) => l != 0,
        (double d, EdmPrimitiveTypeKind.Decimal) => (decimal)d,
        (long l, EdmPrimitiveTypeKind.Decimal) => (decimal)l,
        _ => value,
    };

    public override string OrderKey(string expression, bool descending, EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.None, bool notNull = false) =>
        Collated(expression, kind) + (notNull ? (descending ? " DESC" : "") : descending ? " DESC NULLS LAST" : " NULLS FIRST");

    // The mirror's column types (PostgresDialect.SqlType).
    public override string Null(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer => "CAST(NULL AS bigint)",
        FieldType.Boolean => "CAST(NULL AS boolean)",
        FieldType.Decimal => "CAST(NULL AS numeric)",
        FieldType.Date => "CAST(NULL AS date)",
        FieldType.Timestamp => "CAST(NULL AS timestamptz)",
        _ => "CAST(NULL AS text)",
    };

    public override string NoLimit => "ALL";

    // The output column's name: PostgreSQL then groups by exactly the value selected, parameters and sub-queries included.
    public override string GroupKey(string expression, string resultName, bool readsRows) => resultName;

    public override string NotIndexed => "";

    public override string AnyValue(string expression) => $"min({expression})";

    public override string GroupedRows(params string[] keys) => string.Concat(keys.Select(k => ", " + k));

    // ORDER BY key LIMIT 1 (or a bare min, which PostgreSQL rewrites into it) walks the primary key from the start until
    // the first match: PostgreSQL assumes matches are spread evenly over the key, but entries are created in date order,
    // so a recent date window's first match is 870,000 rows in (670 ms on the bench's million). min(key + 0) is not
    // rewritten: the window is read through its own index (100 ms).
    public override string FirstMatch(string key, string from, string where) => $"{key} >= (SELECT min({key} + 0) {from} WHERE {where})";

    public override string Upper(string text) => $"translate({text}, '{LowerAscii}', '{UpperAscii}')";

    public override string Lower(string text) => $"translate({text}, '{UpperAscii}', '{LowerAscii}')";

    public override string ContainsIgnoringCase(string text, string pattern) => $"COALESCE({Lower(text)} LIKE {pattern} ESCAPE '\\', false)";

    public override string IgnoreCasePattern(string pattern) =>
        string.Create(pattern.Length, pattern, static (span, p) =>
        {
            for (int i = 0; i < p.Length; i++)
                span[i] = p[i] is >= 'A' and <= 'Z' ? (char)(p[i] + 32) : p[i];
        });

    public override string DatePart(string part, string value, EdmPrimitiveTypeKind? kind) =>
        $"CAST(extract({part} FROM {Instant(value, kind)}) AS bigint)";

    /// <summary>A timestamptz as UTC wall-clock time (the session's time zone must not move a date); a date as it is.</summary>
    private static string Instant(string value, EdmPrimitiveTypeKind? kind) =>
        kind == EdmPrimitiveTypeKind.Date ? value : $"({value}{Utc})";

    public override string Position(string text, string part) => $"strpos({text}, {part})";

    public override string Right(string text, string length) => $"right({text}, CAST({length} AS integer))";

    // PostgreSQL's substr counts a start below 1 as positions before the first character; SQLite counts a negative one
    // from the end: the start is moved there first (the start text is evaluated twice, it is a column or a placeholder).
    public override string Substring(string text, string start, string? length)
    {
        string from = $"CAST(CASE WHEN {start} < 0 THEN length({text}) + {start} + 1 ELSE {start} END AS integer)";
        return length is null ? $"substr({text}, {from})" : $"substr({text}, {from}, CAST({length} AS integer))";
    }

    public override string DateOf(string value, EdmPrimitiveTypeKind? kind) =>
        kind == EdmPrimitiveTypeKind.Date ? value : $"CAST({value}{Utc} AS date)";

    public override string TimeOf(string value) => $"to_char({value}{Utc}, 'HH24:MI:SS')";

    public override string ZeroUnlessNull(string value) => $"(CASE WHEN {value} IS NULL THEN NULL ELSE 0 END)";

    public override string DateAsTimestamp(string date) => $"(CAST({date} AS timestamp){Utc})";

    public override string Floor(string value) => $"floor({value})";

    public override string Ceiling(string value) => $"ceil({value})";

    // SQLite answers NULL to a division by zero where PostgreSQL fails; its % works on the integer parts.
    public override string Arithmetic(string op, string left, string right, bool integral) => op switch
    {
        "/" => $"({left} / NULLIF({right}, 0))",
        "%" when integral => $"({left} % NULLIF({right}, 0))",
        "%" => $"(trunc({left}) % NULLIF(trunc({right}), 0))",
        _ => $"({left} {op} {right})",
    };

    public override string CastToText(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => $"CAST(trim_scale(CAST({value} AS numeric)) AS text)",
        EdmPrimitiveTypeKind.Boolean => $"(CASE WHEN {value} IS NULL THEN NULL WHEN {value} THEN 'true' ELSE 'false' END)",
        EdmPrimitiveTypeKind.Date => $"to_char({value}, 'YYYY-MM-DD')",
        EdmPrimitiveTypeKind.DateTimeOffset => $"to_char({value}{Utc}, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        _ => $"CAST({value} AS text)",
    };

    // SQLite's CAST to INTEGER truncates a REAL; PostgreSQL's rounds a numeric. Text is cast only when it spells a value
    // of the target type, as on SQLite (PostgreSQL's CAST would fail the whole query where OData's cast answers null);
    // the nested CASE keeps PostgreSQL from trying the cast first.
    public override string CastToInteger(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single => $"CAST(trunc({value}) AS bigint)",
        EdmPrimitiveTypeKind.Boolean => $"CAST(CAST({value} AS integer) AS bigint)",
        EdmPrimitiveTypeKind.String => $"(CASE WHEN {value} ~ '^[-+]?[0-9]+$' THEN CASE WHEN abs(CAST({value} AS numeric)) <= {long.MaxValue} THEN CAST({value} AS bigint) END END)",
        _ => $"CAST({value} AS bigint)",
    };

    public override string CastToDecimal(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Boolean => $"CAST(CAST({value} AS integer) AS numeric)",
        EdmPrimitiveTypeKind.String => $"(CASE WHEN {value} ~ '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)$' THEN CAST({value} AS numeric) END)",
        _ => $"CAST({value} AS numeric)",
    };

    public override string CastToBoolean(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.String => $"(CASE {Lower(value)} WHEN 'true' THEN true WHEN 'false' THEN false END)",
        EdmPrimitiveTypeKind.Boolean => value,
        _ => $"({value} <> 0)",
    };

    public override string CastToDate(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Date => value,
        EdmPrimitiveTypeKind.DateTimeOffset => DateOf(value, source),
        EdmPrimitiveTypeKind.String => TextToDate($"substr({value}, 1, 10)"),
        _ => $"CAST(substr({value}, 1, 10) AS date)",
    };

    /// <summary>
    /// <paramref name="day"/> as a date when it is yyyy-mm-dd of a day that exists (year 0001 on), else null; decided
    /// without casting it (a day must not pass its month's last, the day before the next month's first).
    /// </summary>
    private static string TextToDate(string day) =>
        $"(CASE WHEN {day} ~ '^[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$' AND substr({day}, 1, 4) <> '0000' THEN " +
        $"CASE WHEN CAST(substr({day}, 9, 2) AS integer) <= extract(day FROM CAST(substr({day}, 1, 7) || '-01' AS date) + interval '1 month' - interval '1 day') " +
        $"THEN CAST({day} AS date) END END)";

    // sum of bigint is numeric in PostgreSQL: an integer sum is cast back, so it reads as the Int64 OData promises.
    public override string Sum(string value, EdmPrimitiveTypeKind? kind) => kind is EdmPrimitiveTypeKind.Int64 or EdmPrimitiveTypeKind.Int32
        or EdmPrimitiveTypeKind.Int16 or EdmPrimitiveTypeKind.Byte or EdmPrimitiveTypeKind.SByte
        ? $"COALESCE(CAST(sum({value}) AS bigint), 0)"
        : $"COALESCE(sum({value}), 0)";

    public override string MinMax(string value, bool max, EdmPrimitiveTypeKind? kind) => kind == EdmPrimitiveTypeKind.Boolean
        ? $"{(max ? "bool_or" : "bool_and")}({value})"
        : $"{(max ? "max" : "min")}({Collated(value, kind ?? EdmPrimitiveTypeKind.None)})";

    public override string Collated(string value, EdmPrimitiveTypeKind kind) => kind == EdmPrimitiveTypeKind.String ? value + " COLLATE \"C\"" : value;
}
