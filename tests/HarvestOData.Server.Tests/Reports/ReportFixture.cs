using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.Reports;

/// <summary>
/// A sandbox of its own (its reports throttle opened wide: the suite asks it for every report, role and window), synced
/// once into a mirror served by the real server with a page size of 500. Reads only; no test changes a row.
/// </summary>
public class ReportFixture : IAsyncLifetime
{
    public ReportFixture()
        : this(HarvestOData.Mirror.Store.MirrorDialect.SqliteProvider)
    {
    }

    protected ReportFixture(string provider) => Mirror = TestMirror.Create(provider);

    public HarvestSandbox Sandbox { get; } =
        new(new SandboxOptions { TimeEntries = 3000, RateLimitRequests = 1000, RateLimitWindowSeconds = 1, ReportsRateLimitRequests = 100_000 });

    /// <summary>The mirror the server reads (its provider is the one under test).</summary>
    public TestMirror Mirror { get; }

    public ServerFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The sandbox's today; the year up to it is the longest window Harvest takes.</summary>
    public DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task InitializeAsync()
    {
        Factory = new ServerFactory(Sandbox, Mirror, ODataFixture.PageSize);
        Client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await ODataFixture.SyncAsync(Factory.Services);
        // Each token is checked with Harvest once (users/me) and then cached: done here, so the report reads call nothing.
        foreach (var user in new[] { Sandbox.Administrator, Sandbox.Manager, Sandbox.Member })
            (await GetAsync("/odata/", user)).EnsureSuccessStatusCode();
    }

    public SandboxUser User(string role) => role switch
    {
        "administrator" => Sandbox.Administrator,
        "manager" => Sandbox.Manager,
        _ => Sandbox.Member,
    };

    public Task<HttpResponseMessage> GetAsync(string url, SandboxUser? user = null, string? prefer = null)
    {
        var request = ODataFixture.Request(url, user ?? Sandbox.Administrator);
        if (prefer is not null)
            request.Headers.TryAddWithoutValidation("Prefer", prefer);
        return Client.SendAsync(request);
    }

    /// <summary>Every row of an OData feed, following next links, as property → value (numbers as decimal).</summary>
    public async Task<(List<Dictionary<string, object?>> Rows, int Pages, long? Count)> ReadODataAsync(string url, SandboxUser? user = null, string? prefer = null)
    {
        var rows = new List<Dictionary<string, object?>>();
        string? next = url;
        int pages = 0;
        long? count = null;
        while (next is not null)
        {
            using var response = await GetAsync(next, user, prefer);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{next} answered {(int)response.StatusCode}: {body}");
            using var json = JsonDocument.Parse(body);
            if (pages == 0 && json.RootElement.TryGetProperty("@odata.count", out var total))
                count = total.GetInt64();
            rows.AddRange(json.RootElement.GetProperty("value").EnumerateArray().Select(Row));
            next = json.RootElement.TryGetProperty("@odata.nextLink", out var link) ? new Uri(link.GetString()!).PathAndQuery : null;
            Assert.True(++pages < 1000, "too many pages");
        }
        return (rows, pages, count);
    }

    /// <summary>Every row of a sandbox report (Harvest's page-number envelope), keys in PascalCase; null when refused.</summary>
    public async Task<(int Status, List<Dictionary<string, object?>> Rows)> ReadHarvestAsync(string path, SandboxUser user)
    {
        using var client = new HttpClient(Sandbox.CreateHandler()) { BaseAddress = Sandbox.BaseAddress };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("HarvestOData.Tests (tests@example.com)");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        client.DefaultRequestHeaders.Add("Harvest-Account-Id", Sandbox.AccountId);
        var rows = new List<Dictionary<string, object?>>();
        int page = 1;
        while (true)
        {
            string separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
            using var response = await client.GetAsync($"{path}{separator}page={page}&per_page=2000");
            if (!response.IsSuccessStatusCode)
                return ((int)response.StatusCode, rows);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            rows.AddRange(json.RootElement.GetProperty("results").EnumerateArray()
                .Select(r => r.EnumerateObject().ToDictionary(p => Naming.Pascal(p.Name), p => Value(p.Value))));
            if (json.RootElement.GetProperty("next_page").ValueKind == JsonValueKind.Null)
                return (200, rows);
            page++;
        }
    }

    private static Dictionary<string, object?> Row(JsonElement row) =>
        row.EnumerateObject().Where(p => !p.Name.Contains('@', StringComparison.Ordinal)).ToDictionary(p => p.Name, p => Value(p.Value));

    /// <summary>JSON numbers as decimals (exact), strings, booleans, null.</summary>
    public static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => decimal.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.GetRawText(),
    };

    /// <summary>A row as text, properties by name, numbers by value (100.00 and 100 are one number).</summary>
    public static string Text(Dictionary<string, object?> row) =>
        string.Join(", ", row.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Format(p.Value)}"));

    private static string Format(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
            await Factory.DisposeAsync();
        Mirror.Delete();
    }
}

/// <summary>The same reports over a PostgreSQL mirror (<c>Mirror:Provider=postgres</c>).</summary>
public sealed class PostgresReportFixture() : ReportFixture(HarvestOData.Mirror.Store.MirrorDialect.PostgresProvider);
