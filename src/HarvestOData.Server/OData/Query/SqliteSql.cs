using HarvestOData.Harvest.Catalog;
using HarvestOData.Server.OData.Query.Filter;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query;

/// <summary>
/// SQLite over the mirror's storage forms (<c>StoredValue</c>): booleans 0/1, decimals REAL, dates <c>yyyy-MM-dd</c> and
/// timestamps <c>yyyy-MM-ddTHH:mm:ssZ</c> text, which sort and compare correctly as text.
/// </summary>
internal sealed class SqliteSql : SqlDialect
{
    // Positions inside the stored text forms yyyy-MM-dd and yyyy-MM-ddTHH:mm:ssZ.
    private static readonly Dictionary<string, (int Start, int Length)> DateParts = new(StringComparer.Ordinal)
    {
        ["year"] = (1, 4), ["month"] = (6, 2), ["day"] = (9, 2), ["hour"] = (12, 2), ["minute"] = (15, 2), ["second"] = (18, 2),
    };

    public override string Placeholder(int position) => "?" + position;

    public override string True => "1";

    public override string False => "0";

    public override string IsTrue(string flag) => flag + " = 1";

    public override string IsFalse(string flag) => flag + " = 0";

    public override string FalseWhenNull(string predicate) => $"COALESCE({predicate}, 0)";

    public override string NullSafeEquals(string left, string right, bool negated) => $"{left} IS{(negated ? " NOT" : "")} {right}";

    public override object? Literal(object? value) => SqlLiteral.Value(value);

    public override object? Rebind(object? value, EdmPrimitiveTypeKind kind) => value;

    public override string OrderKey(string expression, bool descending, EdmPrimitiveTypeKind kind = EdmPrimitiveTypeKind.None, bool notNull = false) =>
        descending ? expression + " DESC" : expression;

    public override string Null(FieldType type) => "NULL";

    public override string NoLimit => "-1";

    /// <summary>The unary <c>+</c> keeps SQLite from walking an index to group (ApplyQuery explains when that pays).</summary>
    public override string GroupKey(string expression, string resultName, bool readsRows) => readsRows ? "+" + expression : expression;

    public override string NotIndexed => " NOT INDEXED";

    public override string AnyValue(string expression) => expression;

    public override string GroupedRows(params string[] keys) => "";

    // SQLite answers this from the filter's index alone (a SpentDate range reads only the SpentDate index, whose entries end in the rowid).
    public override string FirstMatch(string key, string from, string where) => $"{key} >= (SELECT {key} {from} WHERE {where} ORDER BY {key} LIMIT 1)";

    public override string Upper(string text) => $"upper({text})";

    public override string Lower(string text) => $"lower({text})";

    public override string ContainsIgnoringCase(string text, string pattern) => $"COALESCE({text} LIKE {pattern} ESCAPE '\\', 0)";

    public override string IgnoreCasePattern(string pattern) => pattern;

    public override string DatePart(string part, string value, EdmPrimitiveTypeKind? kind)
    {
        var (start, length) = DateParts[part];
        return $"CAST(substr({value}, {start}, {length}) AS INTEGER)";
    }

    public override string Position(string text, string part) => $"instr({text}, {part})";

    public override string Right(string text, string length) => $"substr({text}, -{length})";

    public override string Substring(string text, string start, string? length) =>
        length is null ? $"substr({text}, {start})" : $"substr({text}, {start}, {length})";

    public override string DateOf(string value, EdmPrimitiveTypeKind? kind) => $"substr({value}, 1, 10)";

    public override string TimeOf(string value) => $"substr({value}, 12, 8)";

    public override string ZeroUnlessNull(string value) => $"(0 * length({value}))";

    public override string DateAsTimestamp(string date) => $"({date} || 'T00:00:00Z')";

    public override string Floor(string value) => $"(CAST({value} AS INTEGER) - ({value} < CAST({value} AS INTEGER)))";

    public override string Ceiling(string value) => $"(CAST({value} AS INTEGER) + ({value} > CAST({value} AS INTEGER)))";

    public override string Arithmetic(string op, string left, string right, bool integral) => $"({left} {op} {right})";

    public override string CastToText(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Decimal or EdmPrimitiveTypeKind.Double or EdmPrimitiveTypeKind.Single =>
            $"(CASE WHEN {value} = CAST({value} AS INTEGER) THEN CAST(CAST({value} AS INTEGER) AS TEXT) ELSE CAST({value} AS TEXT) END)",
        EdmPrimitiveTypeKind.Boolean => $"(CASE WHEN {value} IS NULL THEN NULL WHEN {value} THEN 'true' ELSE 'false' END)",
        _ => $"CAST({value} AS TEXT)",
    };

    // Text is cast only when it spells a value of the target type (IntegerText, DecimalText): SQLite's CAST reads 'abc'
    // as 0 where OData's cast answers null.
    public override string CastToInteger(string value, EdmPrimitiveTypeKind? source) => source == EdmPrimitiveTypeKind.String
        ? $"(CASE WHEN {IntegerText(value)} THEN CAST({value} AS INTEGER) END)"
        : $"CAST({value} AS INTEGER)";

    public override string CastToDecimal(string value, EdmPrimitiveTypeKind? source) => source == EdmPrimitiveTypeKind.String
        ? $"(CASE WHEN {DecimalText(value)} THEN CAST({value} AS REAL) END)"
        : $"CAST({value} AS REAL)";

    /// <summary>An optional sign and digits, at most 9223372036854775807 in magnitude (digit strings of one length compare as numbers).</summary>
    private static string IntegerText(string text)
    {
        string digits = $"ltrim(ltrim({text}, '-+'), '0')";
        return $"({text} GLOB '[0-9]*' OR {text} GLOB '[-+][0-9]*') AND NOT substr({text}, 2) GLOB '*[^0-9]*' " +
               $"AND (length({digits}) < 19 OR length({digits}) = 19 AND {digits} <= '{long.MaxValue}')";
    }

    /// <summary>An optional sign, digits and at most one decimal point, at least one digit.</summary>
    private static string DecimalText(string text) =>
        $"{text} GLOB '*[0-9]*' AND NOT ltrim({text}, '-+') GLOB '*[^0-9.]*' AND NOT {text} GLOB '*.*.*' AND length(ltrim({text}, '-+')) >= length({text}) - 1";

    public override string CastToBoolean(string value, EdmPrimitiveTypeKind? source) =>
        source == EdmPrimitiveTypeKind.String ? $"(CASE lower({value}) WHEN 'true' THEN 1 WHEN 'false' THEN 0 END)" : $"({value} <> 0)";

    // Text must start with a real date (date() moves 2026-02-30 on to March, and answers NULL to month 13).
    public override string CastToDate(string value, EdmPrimitiveTypeKind? source) => source switch
    {
        EdmPrimitiveTypeKind.Date => value,
        EdmPrimitiveTypeKind.String =>
            $"(CASE WHEN substr({value}, 1, 10) GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND substr({value}, 1, 4) <> '0000' " +
            $"AND date(substr({value}, 1, 10)) = substr({value}, 1, 10) THEN substr({value}, 1, 10) END)",
        _ => $"substr({value}, 1, 10)",
    };

    public override string Sum(string value, EdmPrimitiveTypeKind? kind) => $"COALESCE(sum({value}), 0)";

    public override string MinMax(string value, bool max, EdmPrimitiveTypeKind? kind) => $"{(max ? "max" : "min")}({value})";

    public override string Collated(string value, EdmPrimitiveTypeKind kind) => value;
}
