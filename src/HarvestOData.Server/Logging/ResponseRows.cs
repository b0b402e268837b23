namespace HarvestOData.Server.Logging;

/// <summary>
/// How many rows a response carried, for the request log line. The request log puts this feature on every request;
/// the OData layer reports into it (<c>ResponseRows.Report(http, rows)</c>, or sets <c>HttpContext.Items["odata.rows"]</c>
/// to a number) and the line shows <c>rows=</c>.
/// </summary>
public sealed class ResponseRows
{
    public const string ItemKey = "odata.rows";

    private long _rows = -1;

    /// <summary>Rows reported so far; null when nothing reported (a request that does not return rows).</summary>
    public long? Rows => Interlocked.Read(ref _rows) is >= 0 and var rows ? rows : null;

    public void Add(long rows)
    {
        if (rows < 0)
            return;
        Interlocked.CompareExchange(ref _rows, 0, -1);
        Interlocked.Add(ref _rows, rows);
    }

    /// <summary>Adds <paramref name="rows"/> to the request's count (nothing happens outside a logged request).</summary>
    public static void Report(HttpContext http, long rows) => http.Features.Get<ResponseRows>()?.Add(rows);

    /// <summary>What the request reported, through the feature or the item; null when nothing.</summary>
    public static long? Of(HttpContext http) =>
        http.Features.Get<ResponseRows>()?.Rows
        ?? (http.Items.TryGetValue(ItemKey, out var item) ? item switch { long l => l, int i => i, _ => null } : null);
}
