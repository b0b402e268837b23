using System.Globalization;

namespace HarvestOData.Server.OData.Writes;

/// <summary>A finished answer to one <see cref="WriteRequest"/>: status, headers and a buffered body (small: one entity or an error).</summary>
public sealed class WriteResponse(int status)
{
    public int Status { get; } = status;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; init; } = [];

    public string? ContentType
    {
        get => Headers.GetValueOrDefault("Content-Type");
        init
        {
            if (value is not null)
                Headers["Content-Type"] = value;
        }
    }

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Whether the body is JSON (an entity or an OData error), so a JSON batch can embed it as is.</summary>
    public bool IsJson => ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;

    public WriteResponse With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }

    public static WriteResponse NoContent() => new(204);

    public static string Seconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
