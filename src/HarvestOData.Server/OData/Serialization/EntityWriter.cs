using System.Buffers.Text;
using System.Text.Json;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Query.Expand;
using HarvestOData.Server.OData.Query.Select;
using HarvestOData.Server.OData.Storage;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Serialization;

/// <summary>
/// Writes entities straight from SQLite rows: text columns (strings, ISO dates, UTC timestamps) are copied as UTF-8
/// spans, integers and booleans as numbers, REAL decimals through <see cref="decimal"/> so 96.5 prints as 96.5.
/// Expansions run their prepared statement per row. No per-row allocation on the minimal-metadata path.
/// </summary>
public sealed class EntityWriter(Utf8JsonWriter json, ResponseFormat format, string serviceRoot, SqlContext sql, ExpansionStatements expansions)
{
    private static readonly JsonEncodedText Etag = JsonEncodedText.Encode("@odata.etag");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("@odata.id");
    private static readonly JsonEncodedText EditLink = JsonEncodedText.Encode("@odata.editLink");
    private static readonly JsonEncodedText TypeAnnotation = JsonEncodedText.Encode("@odata.type");

    private readonly bool _full = format.Metadata == MetadataLevel.Full;
    private readonly bool _control = format.Metadata != MetadataLevel.None;
    private readonly bool _ieee = format.Ieee754Compatible;

    public void Write(SqlStatement row, RowShape shape, string? context = null)
    {
        json.WriteStartObject();
        if (context is not null && _control)
            json.WriteString("@odata.context", context);
        if (_full)
            WriteIdentity(row, shape);
        if (_control && shape.EtagOrdinal >= 0 && !row.IsNull(shape.EtagOrdinal))
            WriteEtag(row.Utf8(shape.EtagOrdinal), row.Int64(shape.VersionOrdinal));
        foreach (var (column, ordinal) in shape.Properties)
        {
            if (_full && TypeName(column.Property.Type.FullName()) is { } typeName)
                json.WriteString(column.Name + "@odata.type", typeName);
            WriteValue(json, row, ordinal, column.Kind, column.JsonName, _ieee);
        }
        foreach (var computed in shape.Computed)
        {
            if (_control && computed.TypeAnnotation is { } typeName)
                json.WriteString(computed.TypeAnnotationName, typeName);
            ApplyResponse.WriteValue(json, row, computed.Ordinal, computed.Kind, computed.JsonName, _ieee);
        }
        string? link = _full ? EntityLink(shape.Set, row.Int64(shape.KeyOrdinal)) : null;
        if (link is not null)
            WriteNavigationLinks(link, shape);
        foreach (var expansion in shape.Expansions)
        {
            // An expanded navigation's link goes right before its value: ODataLib's reader takes a link annotation
            // followed by another property as a deferred navigation of its own, and the expanded value then as a
            // second property of the same name ("Multiple properties with the name 'User'").
            if (link is not null)
                json.WriteString(expansion.Navigation.Name + "@odata.navigationLink", link + "/" + expansion.Navigation.Name);
            WriteExpansion(row, expansion);
        }
        json.WriteEndObject();
    }

    /// <summary>One value under <paramref name="name"/>, typed by the column's <see cref="ValueKind"/>.</summary>
    public static void WriteValue(Utf8JsonWriter json, SqlStatement row, int ordinal, ValueKind kind, JsonEncodedText name, bool ieee)
    {
        var type = row.Type(ordinal);
        if (type == ColumnType.Null)
        {
            json.WriteNull(name);
            return;
        }
        switch (kind)
        {
            case ValueKind.Int64:
                long integer = type == ColumnType.Float ? (long)row.Double(ordinal) : row.Int64(ordinal);
                if (ieee)
                    WriteFormatted(json, name, integer);
                else
                    json.WriteNumber(name, integer);
                break;
            case ValueKind.Decimal:
                WriteDecimal(json, name, row.Double(ordinal), ieee);
                break;
            case ValueKind.Boolean:
                json.WriteBoolean(name, row.Int64(ordinal) != 0);
                break;
            default:
                json.WriteString(name, row.Utf8(ordinal));
                break;
        }
    }

    public static void WriteDecimal(Utf8JsonWriter json, JsonEncodedText name, double value, bool ieee)
    {
        if (!double.IsFinite(value) || Math.Abs(value) >= 7.9e28)
        {
            json.WriteNull(name);
            return;
        }
        // What (decimal)value prints: 15 significant digits, 96.5 → 96.5, 0.1 → 0.1 (never 0.1000000000000000055…).
        Span<byte> buffer = stackalloc byte[DecimalText.MaxLength];
        int written = DecimalText.Format(value, buffer);
        if (ieee)
        {
            json.WriteString(name, buffer[..written]);
            return;
        }
        json.WritePropertyName(name);
        json.WriteRawValue(buffer[..written], skipInputValidation: true);
    }

    private static void WriteFormatted(Utf8JsonWriter json, JsonEncodedText name, long value)
    {
        Span<byte> buffer = stackalloc byte[24];
        Utf8Formatter.TryFormat(value, buffer, out int written);
        json.WriteString(name, buffer[..written]);
    }

    /// <summary><c>W/"{updated_at};{row version}"</c>, as EntityTag spells it, without allocating.</summary>
    private void WriteEtag(ReadOnlySpan<byte> stamp, long version)
    {
        Span<byte> buffer = stackalloc byte[stamp.Length + 26];
        "W/\""u8.CopyTo(buffer);
        stamp.CopyTo(buffer[3..]);
        int at = 3 + stamp.Length;
        buffer[at++] = (byte)';';
        Utf8Formatter.TryFormat(version, buffer[at..], out int written);
        at += written;
        buffer[at++] = (byte)'"';
        json.WriteString(Etag, buffer[..at]);
    }

    private void WriteIdentity(SqlStatement row, RowShape shape)
    {
        string link = EntityLink(shape.Set, row.Int64(shape.KeyOrdinal));
        json.WriteString(TypeAnnotation, "#" + shape.Set.Type.FullName);
        json.WriteString(Id, link);
        json.WriteString(EditLink, link);
    }

    private string EntityLink(EntitySetMap set, long key) => set.IsSingleton ? serviceRoot + set.Name : $"{serviceRoot}{set.Name}({key})";

    /// <summary>The links of the navigations not expanded (the expanded ones carry theirs next to their value).</summary>
    private void WriteNavigationLinks(string link, RowShape shape)
    {
        foreach (var navigation in shape.Set.Navigations)
        {
            if (!IsExpanded(shape, navigation))
                json.WriteString(navigation.Name + "@odata.navigationLink", link + "/" + navigation.Name);
        }
    }

    private static bool IsExpanded(RowShape shape, NavigationMap navigation)
    {
        foreach (var expansion in shape.Expansions)
        {
            if (expansion.Navigation == navigation)
                return true;
        }
        return false;
    }

    private void WriteExpansion(SqlStatement row, Expansion expansion)
    {
        var (statement, count) = expansions[expansion];
        if (row.IsNull(expansion.SourceOrdinal))
        {
            if (expansion.IsCollection)
            {
                json.WriteStartArray(expansion.Name);
                json.WriteEndArray();
            }
            else
            {
                json.WriteNull(expansion.Name);
            }
            return;
        }
        sql.Set(expansion.Slot, row.Int64(expansion.SourceOrdinal));
        if (count is not null)
        {
            count.Bind(sql.Values);
            long total = count.Step() ? count.Int64(0) : 0;
            if (_ieee)
                WriteFormatted(json, expansion.CountName, total);
            else
                json.WriteNumber(expansion.CountName, total);
        }
        statement.Bind(sql.Values);
        if (!expansion.IsCollection)
        {
            json.WritePropertyName(expansion.Name);
            if (statement.Step())
                Write(statement, expansion.Shape);
            else
                json.WriteNullValue();
            return;
        }
        json.WriteStartArray(expansion.Name);
        while (statement.Step())
            Write(statement, expansion.Shape);
        json.WriteEndArray();
    }

    /// <summary>The <c>@odata.type</c> a full-metadata payload needs for values JSON cannot tell apart (ODataLib's choice).</summary>
    private static string? TypeName(string edmType) => edmType switch
    {
        "Edm.Int64" => "#Int64",
        "Edm.Decimal" => "#Decimal",
        "Edm.Date" => "#Date",
        "Edm.DateTimeOffset" => "#DateTimeOffset",
        _ => null,
    };
}
