using System.Text.Json;
using HarvestOData.Server.OData.Model;

namespace HarvestOData.Server.OData.Query.Apply;

public enum ResultKind
{
    Int64,
    Decimal,
    Double,
    Boolean,
    Text,
}

/// <summary>
/// One property of an aggregated row: a grouped property (nested under its navigation path, <c>Project/Name</c> →
/// <c>{"Project":{"Name":…}}</c>) or an aggregate alias.
/// </summary>
public sealed class ResultColumn(IReadOnlyList<string> path, ResultKind kind, int ordinal)
{
    /// <summary>Navigation names then the property name.</summary>
    public IReadOnlyList<string> Path { get; } = path;

    public string Key { get; } = string.Join("/", path);

    public JsonEncodedText Name { get; } = JsonEncodedText.Encode(path[^1]);

    public ResultKind Kind { get; } = kind;

    public int Ordinal { get; } = ordinal;

    /// <summary>SQL name of the column in the aggregated subquery (<c>c0</c>, <c>c1</c> …).</summary>
    public string SqlName => "c" + Ordinal;

    public static ResultKind KindOf(ValueKind kind) => kind switch
    {
        ValueKind.Int64 => ResultKind.Int64,
        ValueKind.Decimal => ResultKind.Decimal,
        ValueKind.Boolean => ResultKind.Boolean,
        _ => ResultKind.Text,
    };
}
