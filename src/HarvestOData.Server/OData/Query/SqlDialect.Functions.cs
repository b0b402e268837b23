using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Query;

/// <summary>The functions, casts and operators of <c>$filter</c>, <c>$orderby</c> and <c>$compute</c> that each database spells its own way.</summary>
public abstract partial class SqlDialect
{
    /// <summary><c>year</c> … <c>second</c> of a Date or DateTimeOffset (in UTC) as an integer.</summary>
    public abstract string DatePart(string part, string value, EdmPrimitiveTypeKind? kind);

    /// <summary>The 1-based position of <paramref name="part"/> in <paramref name="text"/>, 0 when absent.</summary>
    public abstract string Position(string text, string part);

    /// <summary>The last <paramref name="length"/> characters of <paramref name="text"/> (length above 0).</summary>
    public abstract string Right(string text, string length);

    /// <summary>SQLite's <c>substr(text, start [, length])</c>, 1-based, a negative start counting from the end.</summary>
    public abstract string Substring(string text, string start, string? length);

    /// <summary>The UTC date of a DateTimeOffset (a Date is itself).</summary>
    public abstract string DateOf(string value, EdmPrimitiveTypeKind? kind);

    /// <summary>The UTC time of day of a DateTimeOffset as <c>HH:mm:ss</c> text.</summary>
    public abstract string TimeOf(string value);

    /// <summary>0, or NULL for NULL (a fraction or an offset: stored timestamps have neither).</summary>
    public abstract string ZeroUnlessNull(string value);

    /// <summary>A Date as the DateTimeOffset of its midnight, UTC.</summary>
    public abstract string DateAsTimestamp(string date);

    public abstract string Floor(string value);

    public abstract string Ceiling(string value);

    /// <summary>An arithmetic operator (<c>+ - * / %</c>); <paramref name="integral"/> when OData types the result as an integer.</summary>
    public abstract string Arithmetic(string op, string left, string right, bool integral);

    /// <summary><c>cast(value, Edm.String)</c>: a decimal without fraction as digits, booleans true/false, dates and timestamps as the stored ISO text.</summary>
    public abstract string CastToText(string value, EdmPrimitiveTypeKind? source);

    public abstract string CastToInteger(string value, EdmPrimitiveTypeKind? source);

    public abstract string CastToDecimal(string value, EdmPrimitiveTypeKind? source);

    public abstract string CastToBoolean(string value, EdmPrimitiveTypeKind? source);

    public abstract string CastToDate(string value, EdmPrimitiveTypeKind? source);

    /// <summary><c>$apply</c> sum, 0 over no rows, typed as OData types it (an integer sum stays an integer).</summary>
    public abstract string Sum(string value, EdmPrimitiveTypeKind? kind);

    /// <summary><c>min</c> or <c>max</c>; PostgreSQL has neither for booleans.</summary>
    public abstract string MinMax(string value, bool max, EdmPrimitiveTypeKind? kind);

    /// <summary>Where text compares and sorts by code point, as SQLite's BINARY does.</summary>
    public abstract string Collated(string value, EdmPrimitiveTypeKind kind);
}
