using System.Text.Json;

namespace HarvestOData.Server.Writes.Tests.Support;

/// <summary>Short typed reads of served JSON.</summary>
public static class JsonCase
{
    public static long Long(this JsonElement entity, string name) => entity.GetProperty(name).GetInt64();

    public static decimal Dec(this JsonElement entity, string name) => entity.GetProperty(name).GetDecimal();

    public static string? Str(this JsonElement entity, string name) =>
        entity.GetProperty(name).ValueKind == JsonValueKind.Null ? null : entity.GetProperty(name).GetString();

    public static bool Bool(this JsonElement entity, string name) => entity.GetProperty(name).GetBoolean();

    public static string Error(this JsonElement body) => body.GetProperty("error").GetProperty("message").GetString()!;

    public static string? Target(this JsonElement body) =>
        body.GetProperty("error").TryGetProperty("target", out var target) ? target.GetString() : null;
}
