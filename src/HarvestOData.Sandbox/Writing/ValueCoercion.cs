using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Protocol;

namespace HarvestOData.Sandbox.Writing;

/// <summary>
/// Turns a JSON value (or a form value, or a test helper's CLR value) into the catalog type of a field, refusing
/// the wrong type with a 422 naming the field. Harvest also takes numbers and booleans written as strings.
/// </summary>
internal static partial class ValueCoercion
{
    public static object? FromJson(HarvestField field, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null)
            return null;
        if (value.ValueKind == JsonValueKind.String && field.Type is not (FieldType.String or FieldType.ClockTime or FieldType.Json))
            return FromText(field, value.GetString()!);
        return field.Type switch
        {
            FieldType.Id or FieldType.Integer when value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) => number,
            FieldType.Decimal when value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal number) => number,
            FieldType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False => value.GetBoolean(),
            FieldType.String when value.ValueKind == JsonValueKind.String => value.GetString(),
            FieldType.String when value.ValueKind == JsonValueKind.Number => value.GetRawText(),
            FieldType.ClockTime when value.ValueKind == JsonValueKind.String => Clock(field, value.GetString()!),
            FieldType.StringList when value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
                value.EnumerateArray().Select(e => e.GetString()!).ToArray(),
            FieldType.Json => JsonSerializer.Serialize(value),
            _ => throw Wrong(field),
        };
    }

    public static object? FromText(HarvestField field, string text)
    {
        var invariant = CultureInfo.InvariantCulture;
        return field.Type switch
        {
            FieldType.Id or FieldType.Integer when long.TryParse(text, NumberStyles.Integer, invariant, out long number) => number,
            FieldType.Decimal when decimal.TryParse(text, NumberStyles.Number, invariant, out decimal number) => number,
            FieldType.Boolean when text is "true" or "1" => true,
            FieldType.Boolean when text is "false" or "0" => false,
            FieldType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", invariant, DateTimeStyles.None, out var date) => date,
            FieldType.Timestamp when DateTimeOffset.TryParse(text, invariant, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) =>
                DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()),
            FieldType.String => text,
            FieldType.ClockTime => Clock(field, text),
            FieldType.StringList => text.Length == 0 ? Array.Empty<string>() : text.Split(',').Select(s => s.Trim()).ToArray(),
            _ => throw Wrong(field),
        };
    }

    /// <summary>A test helper's value: the catalog's CLR types, plus the obvious widenings (int → long, double → decimal).</summary>
    public static object? FromClr(HarvestField field, object? value) => value switch
    {
        null => null,
        string text when field.Type is not (FieldType.String or FieldType.ClockTime or FieldType.Json) => FromText(field, text),
        JsonElement element => FromJson(field, element),
        int or long or short when field.Type is FieldType.Id or FieldType.Integer => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        int or long or short or double or float or decimal when field.Type is FieldType.Decimal => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        bool flag when field.Type is FieldType.Boolean => flag,
        DateOnly date when field.Type is FieldType.Date => date,
        DateTime date when field.Type is FieldType.Date => DateOnly.FromDateTime(date),
        DateTimeOffset instant when field.Type is FieldType.Timestamp => DateTimeOffset.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()),
        string text => field.Type == FieldType.ClockTime ? Clock(field, text) : text,
        IEnumerable<string> items when field.Type is FieldType.StringList => items.ToArray(),
        _ => throw Wrong(field),
    };

    private static string Clock(HarvestField field, string text) =>
        ClockPattern().IsMatch(text.Trim()) ? text.Trim() : throw SandboxProblem.Invalid($"{Labels.Of(field.Column)} must be a time such as \"8:00am\" or \"15:30\".");

    private static SandboxProblem Wrong(HarvestField field) => SandboxProblem.Invalid($"{Labels.Of(field.Column)} {Expectation(field.Type)}.");

    private static string Expectation(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer => "must be an integer",
        FieldType.Decimal => "must be a number",
        FieldType.Boolean => "must be true or false",
        FieldType.Date => "must be a date (YYYY-MM-DD)",
        FieldType.Timestamp => "must be an ISO 8601 date and time",
        FieldType.StringList => "must be an array of strings",
        _ => "must be a string",
    };

    [GeneratedRegex(@"^([01]?\d|2[0-3]):[0-5]\d\s?([ap]m)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClockPattern();
}
