using System.Text.RegularExpressions;
using HarvestOData.Server.Status;

namespace HarvestOData.Server.Status.Tests;

public sealed partial class StatusPageRenderingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static StatusReport Report(params ResourceStatus[] resources) => new()
    {
        GeneratedAt = Now,
        Mode = "harvest",
        Links = new StatusLinks("http://h:5080/odata", "http://h:5080/odata/$metadata", "http://h:5080/connector/HarvestOData.mez"),
        Ready = false,
        Resources = resources,
        Throttle = new ThrottleStatus(100, 15, null, [new ThrottleWindow(Now, 40, 0), new ThrottleWindow(Now.AddSeconds(15), 100, 1)]),
        Deletions = [new DeletionEntry("expenses", "not listed by Harvest (deletion check)", Now, 3)],
    };

    private static ResourceStatus Resource(string name, string state = "ok") => new()
    {
        Name = name, EntitySet = "X", Rows = 1234, State = state, LastSuccessAt = Now, LastPass = "incremental", NextRunAt = Now.AddMinutes(5),
    };

    [Fact]
    public void The_page_is_self_contained_no_external_script_style_or_font()
    {
        string html = StatusPage.Render(Report(Resource("clients")));

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.Contains("<style>", html);
        Assert.Contains("<script>", html);
        Assert.Contains("setInterval(refresh, 2000)", html);
    }

    [Fact]
    public void A_running_pass_is_a_progress_bar_of_pages_done_out_of_pages_known()
    {
        var running = Resource("time_entries", "running") with { Progress = new PassProgress("full", 3, 7, 6000, 4, Now) };

        string html = StatusPage.Render(Report(running));

        Assert.Contains("""<progress max="7" value="3"></progress>""", html);
        Assert.Contains("3/7 pages", html);
    }

    [Fact]
    public void Text_from_harvest_or_the_database_is_escaped()
    {
        var failing = Resource("clients", "failed") with { LastError = "<script>alert(1)</script> & more", LastErrorAt = Now };

        string html = StatusPage.Render(Report(failing));

        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", html);
    }

    [Fact]
    public void The_throttle_chart_draws_a_bar_per_window_a_limit_line_and_marks_throttled_windows()
    {
        string html = StatusPage.Render(Report(Resource("clients")));

        Assert.Equal(2, Regex.Count(html, "<rect class=\"bar\""));
        Assert.Contains("<line class=\"limit\"", html);
        Assert.Equal(1, Regex.Count(html, "<circle class=\"throttled\" data-i=\"1\"[^>]*r=\"4\"></circle>"));
        Assert.Contains("140 calls in the last 0.5 min", html);
        Assert.Contains("1 throttle answers honoured", html);
    }

    [Fact]
    public void Deletions_and_the_connect_box_are_shown()
    {
        string html = StatusPage.Render(Report(Resource("expenses")));

        Assert.Contains("not listed by Harvest (deletion check)", html);
        Assert.Contains("value=\"http://h:5080/odata\"", html);
        Assert.Contains("id=\"copy-url\"", html);
        Assert.Contains("href=\"http://h:5080/connector/HarvestOData.mez\" download", html);
    }

    [Fact]
    public void The_json_names_fields_in_camel_case_for_the_pages_script()
    {
        string json = System.Text.Json.JsonSerializer.Serialize(Report(Resource("clients") with { Progress = new PassProgress("full", 1, 2, 0, 1, Now) }),
            Microsoft.AspNetCore.Builder.StatusEndpoints.Json);

        foreach (string field in new[] { "\"resources\"", "\"lastSuccessAt\"", "\"nextRunAt\"", "\"pagesDone\"", "\"pagesKnown\"", "\"windows\"", "\"throttles\"", "\"feed\"" })
            Assert.Contains(field, json);
    }

    /// <summary>Any src/href pointing off the page, except the three links the page exists to show.</summary>
    [GeneratedRegex("""(src|href)="(?!http://h:5080/(odata|connector))[a-z]+://""")]
    private static partial Regex ExternalReference();
}
