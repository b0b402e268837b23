using System.Net;
using System.Text;
using HarvestOData.Server.Writes.Tests.Support;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// A seeded stream of damaged bodies, URLs and batches: never a 500, and whatever is refused changes nothing in
/// Harvest (the sandbox row keeps its updated_at).
/// </summary>
public abstract class FuzzTests(WriteFixture fixture)
{
    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e999", "-1", "\"2024-02-30\"", "\"Hours\"", "\"@odata.bind\"", "\"@removed\"",
        "\"InvoiceLineItems\"", "\"Id\"", "\\u0000", "9223372036854775808", "\"Project@odata.bind\"", "\"Projects(x)\"", "{}", "[]",
    ];

    private static readonly string[] Urls =
    [
        "TimeEntries({0})", "TimeEntries({0})/Stop", "TimeEntries({0})/Nope", "TimeEntries(-1)", "TimeEntries(1.5)", "TimeEntries('x')",
        "TimeEntries({0})/Project", "TimeEntries({0})/Hours", "TimeEntries", "Company", "InvoiceLineItems(0)", "$metadata", "",
        "TimeEntries({0})?$select=Nope", "TimeEntries({0})?$expand=Project($expand=Client($expand=Invoices))", "%ZZ", "TimeEntries(99999999999999999999)",
        "Invoices({0})/Send", "$batch", "$batch-status/none",
    ];

    [Fact]
    public async Task Damaged_writes_never_answer_500_and_refusals_change_nothing()
    {
        var random = new Random(20260722);
        var entry = fixture.Sandbox.Data.OpenEntry(_ => true);
        string valid = """{"Notes":"Fuzzed","Hours":1.25,"Project@odata.bind":"Projects(1)"}""";
        var methods = new[] { HttpMethod.Post, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Put };
        for (int i = 0; i < 300; i++)
        {
            var before = fixture.Sandbox.Data.Find("time_entries", entry.Id)?["updated_at"];
            string url = "/odata/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, Urls[random.Next(Urls.Length)], entry.Id);
            var method = methods[random.Next(methods.Length)];
            if (method == HttpMethod.Delete && url.EndsWith($"({entry.Id})", StringComparison.Ordinal))
                method = HttpMethod.Patch; // keep the entry the stream aims at

            string body = Damage(valid, random);
            using var response = await fixture.SendAsync(method, url, fixture.Sandbox.Administrator, body);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode < 500 || response.StatusCode == HttpStatusCode.ServiceUnavailable,
                $"{method} {url} with {body} answered {(int)response.StatusCode}: {text}");
            if ((int)response.StatusCode >= 400 && fixture.Sandbox.Data.Find("time_entries", entry.Id) is { } now)
                Assert.Equal(before, now["updated_at"]);
        }
    }

    private static string Damage(string valid, Random random)
    {
        var text = new StringBuilder(valid);
        int edits = random.Next(1, 4);
        for (int i = 0; i < edits; i++)
        {
            int at = random.Next(text.Length + 1);
            switch (random.Next(3))
            {
                case 0 when text.Length > 0:
                    text.Remove(Math.Min(at, text.Length - 1), 1);
                    break;
                case 1:
                    text.Insert(at, Pieces[random.Next(Pieces.Length)]);
                    break;
                default:
                    text.Insert(at, (char)random.Next(0x20, 0x7f));
                    break;
            }
        }
        return text.ToString();
    }
}

public sealed class FuzzTestsOnSqlite(WriteFixture fixture) : FuzzTests(fixture), IClassFixture<WriteFixture>;

public sealed class FuzzTestsOnPostgres(PostgresWriteFixture fixture) : FuzzTests(fixture), IClassFixture<PostgresWriteFixture>;
