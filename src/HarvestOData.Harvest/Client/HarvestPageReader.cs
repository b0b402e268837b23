using System.Text.Json;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// Reads a list page (<c>{"time_entries": [...], "total_entries": …, "total_pages": …, "links": {"next": …}}</c>) one
/// row at a time: each row is its own small document for <see cref="RecordReader"/>, so a 2000-row page never needs an
/// index of the whole page in memory.
/// </summary>
internal static class HarvestPageReader
{
    public static (List<HarvestRecord> Records, int? TotalEntries, int? TotalPages, string? Next) Read(ResourceDefinition resource, ReadOnlySpan<byte> json, long? parentId)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new InvalidDataException($"Harvest's answer for {resource.Name} is not a JSON object.");
        List<HarvestRecord>? records = null;
        int? totalEntries = null, totalPages = null;
        string? next = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(resource.JsonKey!))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                    records = Rows(resource, ref reader, parentId);
                else
                    reader.Skip();
            }
            else if (reader.ValueTextEquals("total_entries"))
            {
                totalEntries = Int(ref reader);
            }
            else if (reader.ValueTextEquals("total_pages"))
            {
                totalPages = Int(ref reader);
            }
            else if (reader.ValueTextEquals("links"))
            {
                next = NextLink(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (records ?? throw new InvalidDataException($"Harvest's answer for {resource.Name} has no '{resource.JsonKey}' array."),
            totalEntries, totalPages, next);
    }

    private static List<HarvestRecord> Rows(ResourceDefinition resource, ref Utf8JsonReader reader, long? parentId)
    {
        var records = new List<HarvestRecord>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            using var row = JsonDocument.ParseValue(ref reader);
            records.Add(RecordReader.Read(resource, row.RootElement, parentId));
        }
        return records;
    }

    private static int? Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out int number))
            return number;
        reader.Skip();
        return null;
    }

    private static string? NextLink(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? next = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isNext = reader.ValueTextEquals("next");
            reader.Read();
            if (isNext && reader.TokenType == JsonTokenType.String)
                next = reader.GetString();
            else
                reader.Skip();
        }
        return next;
    }
}
