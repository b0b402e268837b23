using System.Net;
using System.Text;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// 10,000 random and hostile query strings (seeded): SQL in literals, unicode, huge numbers, deep nesting, unknown
/// names, option soup. None may answer 500, and the mirror's content must be unchanged afterwards.
/// </summary>
public abstract class FuzzTests(ODataFixture fixture)
{
    private static readonly string[] Sets = ["TimeEntries", "Projects", "Clients", "Users", "Roles", "Invoices", "Company", "InvoiceLineItems", "Nope", "timeentries", "$metadata", "$batch", "TimeEntries/$count", ""];
    private static readonly string[] Properties = ["Id", "Hours", "Notes", "SpentDate", "CreatedAt", "Billable", "ProjectId", "Project/Name", "Project/Client/Name", "Name", "Budget", "IsActive", "UserId", "Nope", "Ünïcödé", "Id/Id", "$it", "Project", "TimeEntries"];
    private static readonly string[] Literals = ["1", "-1", "0", "1.5", "99999999999999999999999999999", "1e400", "-9223372036854775808", "9223372036854775808", "'x'", "'x'' OR 1=1 --'",
        "'\"; DROP TABLE time_entries; --'", "'💥'", "'\u0000'", "null", "true", "2024-01-01", "2024-13-45", "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123+02:00", "duration'P1D'",
        "12:00:00", "INF", "NaN", "'%'", "'_'", "''", "1234567890123456789012345678901234567890", "@p", "$it", "guid"];
    private static readonly string[] Operators = ["eq", "ne", "gt", "ge", "lt", "le", "add", "sub", "mul", "div", "mod", "and", "or", "has", "in", "not"];
    private static readonly string[] Functions = ["contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper", "trim", "concat", "year", "month", "day",
        "hour", "minute", "second", "date", "time", "now", "round", "floor", "ceiling", "cast", "isof", "geo.distance", "fractionalseconds", "any", "all"];
    private static readonly string[] Options = ["$filter", "$select", "$expand", "$orderby", "$top", "$skip", "$count", "$search", "$apply", "$skiptoken", "$format", "$compute", "$levels",
        "filter", "SELECT", "$ORDERBY", "%24top", "$bogus", "@p", "$id", "$deltatoken", "custom", "$index", "$schemaversion"];

    [Fact]
    public async Task Ten_thousand_hostile_queries_never_answer_500_and_change_nothing()
    {
        string before = await fixture.Mirror.ChecksumAsync();
        var random = new Random(20241122);
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        for (int i = 0; i < 10_000; i++)
        {
            string url = "/odata/" + Path(random) + "?" + Query(random);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
                (i % 3) switch { 0 => fixture.Sandbox.Administrator.Token, 1 => fixture.Sandbox.Manager.Token, _ => fixture.Sandbox.Member.Token });
            if (random.Next(10) == 0)
                request.Headers.TryAddWithoutValidation("Prefer", "odata.maxpagesize=" + random.Next(-5, 50));
            using var response = await fixture.Client.SendAsync(request);
            int status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status >= 500 && status != 501 || status is not (200 or 204 or 400 or 403 or 404 or 405 or 406 or 501))
                failures.Add($"{status} {url} {await response.Content.ReadAsStringAsync()}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} bad answers, e.g.:\n{string.Join("\n", failures.Take(10))}");
        Assert.True(statuses.GetValueOrDefault(200) > 500, "the fuzzer must also produce valid queries: " + string.Join(", ", statuses));
        Assert.Equal(before, await fixture.Mirror.ChecksumAsync());
    }

    private static string Pick(Random random, string[] items) => items[random.Next(items.Length)];

    private static string Path(Random random) => random.Next(8) switch
    {
        // No NUL in paths: the test client itself refuses to send one (Kestrel answers 400 to it).
        0 => $"TimeEntries({Pick(random, Literals).Replace("\u0000", "", StringComparison.Ordinal)})",
        1 => $"Projects({random.Next(-3, 30_000_000)})/{Pick(random, ["TimeEntries", "Client", "Name", "Name/$value", "$count", "Nope", "TimeEntries/$count", "Client/Projects"])}",
        2 => Pick(random, Sets) + "/" + Pick(random, Properties),
        _ => Pick(random, Sets),
    };

    private static string Query(Random random)
    {
        var parts = new List<string>();
        int count = random.Next(0, 5);
        for (int i = 0; i < count; i++)
        {
            string option = Pick(random, Options);
            string value = option.TrimStart('$', '%', '2', '4').ToLowerInvariant() switch
            {
                "filter" => Expression(random, 0),
                "select" => string.Join(",", Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, Properties))),
                "orderby" => string.Join(",", Enumerable.Range(0, random.Next(1, 3)).Select(_ => Expression(random, 2) + Pick(random, ["", " desc", " asc", " sideways"]))),
                "expand" => Expand(random, 0),
                "top" or "skip" => Pick(random, Literals),
                "count" => Pick(random, ["true", "false", "maybe", ""]),
                "search" => Pick(random, ["meeting", "a AND b", "NOT x", "\"quoted phrase\"", "((", "OR", "💥", "a OR (b AND NOT c)"]),
                "apply" => Pick(random, ["groupby((ProjectId),aggregate(Hours with sum as T))", "aggregate($count as N)", "filter(" + Expression(random, 1) + ")",
                    "groupby((Project/Name))", "groupby((Nope))", "compute(1 as x)", "groupby((ProjectId),aggregate(Hours with median as M))", "filter(Hours gt 1)/groupby((UserId),aggregate($count as N))/filter(N gt 2)"]),
                "format" => Pick(random, ["json", "xml", "application/json;odata.metadata=full", "application/json;IEEE754Compatible=true", "atom"]),
                "skiptoken" => Pick(random, ["abc", "AAAA.BBBB", "", "W1sibjEiXV0.AAAAAAAAAAAAAAAAAAAAAA"]),
                _ => Pick(random, Literals),
            };
            parts.Add(option + "=" + Encode(random, value));
        }
        if (random.Next(20) == 0)
            parts.Add(new string('&', random.Next(1, 5)) + "=" + RandomText(random));
        return string.Join("&", parts);
    }

    private static string Expression(Random random, int depth)
    {
        if (depth > 4 || random.Next(3) == 0)
            return random.Next(2) == 0 ? Pick(random, Properties) : Pick(random, Literals);
        return random.Next(6) switch
        {
            0 => $"{Expression(random, depth + 1)} {Pick(random, Operators)} {Expression(random, depth + 1)}",
            1 => $"{Pick(random, Functions)}({Expression(random, depth + 1)},{Expression(random, depth + 1)})",
            2 => $"({Expression(random, depth + 1)})",
            3 => $"TimeEntries/{Pick(random, ["any", "all"])}(t: t/{Pick(random, Properties)} {Pick(random, Operators)} {Pick(random, Literals)})",
            4 => $"{Pick(random, Properties)} in ({Pick(random, Literals)},{Pick(random, Literals)})",
            _ => new string('(', random.Next(1, 60)) + Pick(random, Properties) + " eq 1" + new string(')', random.Next(1, 60)),
        };
    }

    private static string Expand(Random random, int depth) => depth > 4
        ? Pick(random, ["Project", "TimeEntries", "Client", "*", "Nope"])
        : Pick(random, ["Project", "TimeEntries", "Client", "*", "Nope", "Users", "LinkedRoles"])
          + (random.Next(2) == 0 ? "" : $"($select={Pick(random, Properties)};$filter={Expression(random, 3)};$top={Pick(random, Literals)};$expand={Expand(random, depth + 1)})");

    private static string Encode(Random random, string value) => random.Next(4) switch
    {
        0 => Uri.EscapeDataString(value),
        1 => value.Replace(" ", "%20", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal),
        2 => Uri.EscapeDataString(value).Replace("%", random.Next(2) == 0 ? "%" : "%25", StringComparison.Ordinal),
        _ => Uri.EscapeDataString(value + RandomText(random)),
    };

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        for (int i = random.Next(0, 6); i > 0; i--)
            builder.Append((char)random.Next(1, 0x2FFF));
        return builder.ToString();
    }
}

[Collection(ODataCollection.Name)]
public sealed class FuzzTestsOnSqlite(ODataFixture fixture) : FuzzTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class FuzzTestsOnPostgres(PostgresODataFixture fixture) : FuzzTests(fixture);
