using System.Globalization;
using HarvestOData.Sandbox.Protocol;
using Microsoft.AspNetCore.WebUtilities;

namespace HarvestOData.Sandbox.Reading;

/// <summary>The query string of a list call: paging parameters apart, every other parameter kept for the links.</summary>
internal sealed class ListParameters
{
    public const int MaxPerPage = 2000;

    private static readonly HashSet<string> PagingKeys = new(StringComparer.Ordinal) { "page", "per_page", "cursor", "ref" };

    private ListParameters()
    {
    }

    public int PerPage { get; private init; } = MaxPerPage;

    public int? Page { get; private init; }

    public Cursor? Cursor { get; private init; }

    /// <summary>Non-paging parameters (filters, unknown ones too) as sent, first value of each.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; private init; } = new Dictionary<string, string>();

    public static ListParameters Parse(string query)
    {
        var parsed = QueryHelpers.ParseQuery(query);
        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, values) in parsed)
        {
            if (!PagingKeys.Contains(key))
                filters[key] = values[0] ?? "";
        }
        int perPage = MaxPerPage;
        if (parsed.TryGetValue("per_page", out var perPageText))
        {
            if (!int.TryParse(perPageText.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out perPage) || perPage is < 1 or > MaxPerPage)
                throw SandboxProblem.Invalid($"per_page must be an integer between 1 and {MaxPerPage}.");
        }
        int? page = null;
        if (parsed.TryGetValue("page", out var pageText))
        {
            if (!int.TryParse(pageText.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int number) || number < 1)
                throw SandboxProblem.Invalid("page must be a positive integer.");
            page = number;
        }
        Cursor? cursor = parsed.TryGetValue("cursor", out var cursorText) ? Reading.Cursor.Decode(cursorText.ToString()) : null;
        return new ListParameters { PerPage = perPage, Page = page, Cursor = cursor, Filters = filters };
    }
}
