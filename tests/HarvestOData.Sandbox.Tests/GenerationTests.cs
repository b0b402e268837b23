using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Tests.Support;
using Microsoft.Extensions.Options;

namespace HarvestOData.Sandbox.Tests;

/// <summary>The generated demo agency: deterministic, sized as asked, internally consistent.</summary>
public sealed class GenerationTests
{
    [Fact]
    public void A_million_time_entries_are_generated()
    {
        var sandbox = new HarvestSandbox(new SandboxOptions { TimeEntries = 1_000_000 }, new FakeTimeProvider(Sandboxes.WednesdayAfternoon));
        Assert.Equal(1_000_000, sandbox.Data.Count("time_entries"));
        Assert.Equal(50_000, sandbox.Data.Count("expenses"));
    }

    [Theory]
    [InlineData(0, 3, 1, 1)]
    [InlineData(500, 3, 2, 1)]
    [InlineData(2000, 200, 500, 90)]
    public async Task Tiny_and_unusual_sizes_generate_a_working_account(int timeEntries, int users, int projects, int clients)
    {
        var sandbox = Sandboxes.Create(o => (o.TimeEntries, o.Users, o.Projects, o.Clients) = (timeEntries, users, projects, clients)).Sandbox;
        Assert.Equal(timeEntries, sandbox.Data.Count("time_entries"));
        Assert.Equal((users, projects, clients), (sandbox.Data.Count("users"), sandbox.Data.Count("projects"), sandbox.Data.Count("clients")));
        var page = await sandbox.ClientFor(sandbox.Member).GetOk("time_entries");
        Assert.Equal(sandbox.Data.Rows("time_entries").Count(e => (long)e["user_id"]! == sandbox.Member.UserId), page["total_entries"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_same_seed_and_clock_give_the_same_account()
    {
        var first = Sandboxes.Create().Sandbox;
        var second = Sandboxes.Create().Sandbox;
        var third = Sandboxes.Create(o => o.Seed = 7).Sandbox;
        Assert.Equal(first.Administrator, second.Administrator);
        static async Task<string> Page(HarvestSandbox s) => (await s.ClientFor(s.Administrator).GetOk("time_entries?per_page=300")).ToJsonString();
        Assert.Equal(await Page(first), await Page(second));
        Assert.NotEqual(await Page(first), await Page(third));
        Assert.NotEqual(first.Administrator.Token, third.Administrator.Token);
    }

    [Fact]
    public void Default_sizes_follow_the_design()
    {
        var sandbox = Sandboxes.Create().Sandbox;
        Assert.Equal(30, sandbox.Data.Count("users"));
        Assert.Equal(20, sandbox.Data.Count("clients"));
        Assert.Equal(80, sandbox.Data.Count("projects"));
        Assert.Equal(3000, sandbox.Data.Count("time_entries"));
        Assert.Equal(150, sandbox.Data.Count("expenses"));
        foreach (var resource in new[] { "invoices", "invoice_line_items", "invoice_payments", "invoice_messages", "estimates", "estimate_line_items", "estimate_messages", "roles", "billable_rates", "cost_rates", "contacts", "task_assignments", "user_assignments" })
            Assert.True(sandbox.Data.Count(resource) > 0, resource);
    }

    [Fact]
    public void Timestamps_are_whole_seconds_with_created_at_not_after_updated_at_not_after_now()
    {
        var (sandbox, clock) = Sandboxes.Create();
        var now = clock.GetUtcNow();
        foreach (var resource in EntityCatalog.All.Where(r => r.FindField("updated_at") is not null))
        {
            foreach (var row in sandbox.Data.Rows(resource.Name))
            {
                var created = (DateTimeOffset)row["created_at"]!;
                var updated = (DateTimeOffset)row["updated_at"]!;
                Assert.True(created <= updated && updated <= now, $"{row}: created {created:o}, updated {updated:o}, now {now:o}");
                Assert.Equal(0, updated.Millisecond);
                Assert.Equal(TimeSpan.Zero, updated.Offset);
            }
        }
    }

    [Fact]
    public void Time_spans_two_years_up_to_today()
    {
        var (sandbox, clock) = Sandboxes.Create();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var days = sandbox.Data.Rows("time_entries").Select(r => (DateOnly)r["spent_date"]!).ToList();
        Assert.True(days.Max() <= today && days.Max() >= today.AddDays(-3));
        Assert.True(days.Min() >= today.AddDays(-731) && days.Min() <= today.AddDays(-700));
    }

    [Fact]
    public void Rows_are_typed_as_the_catalog_says_with_children_and_links()
    {
        var sandbox = Sandboxes.Create().Sandbox;
        var entry = sandbox.Data.Rows("time_entries")[0];
        Assert.IsType<long>(entry["id"]);
        Assert.IsType<DateOnly>(entry["spent_date"]);
        Assert.IsType<decimal>(entry["hours"]);
        Assert.IsType<bool>(entry["is_running"]);
        Assert.IsType<DateTimeOffset>(entry["updated_at"]);
        var invoice = sandbox.Data.Rows("invoices").First();
        Assert.NotEmpty(invoice.Children["invoice_line_items"]);
        Assert.All(invoice.Children["invoice_line_items"], item => Assert.Equal(invoice.Id, item["invoice_id"]));
        Assert.Contains(sandbox.Data.Rows("roles"), role => role.Links["role_users"].Count > 0);
        Assert.Equal(long.Parse(sandbox.AccountId, System.Globalization.CultureInfo.InvariantCulture), sandbox.Data.Company.Id);
        Assert.IsType<string>(sandbox.Data.Rows("users")[0]["access_roles"]);
    }

    [Fact]
    public void Demo_users_have_the_roles_and_work_the_design_describes()
    {
        var sandbox = Sandboxes.Create().Sandbox;
        var manager = sandbox.Data.Find("users", sandbox.Manager.UserId)!;
        Assert.Equal(
            "manager, project_creator, billable_rates_manager, managed_projects_invoice_manager, time_and_expenses_manager, estimates_manager",
            manager["access_roles"]);
        Assert.True(Work.ManagedProjects(sandbox, sandbox.Manager.UserId).Count >= 5);
        Assert.True(sandbox.Data.Rows("time_entries").Count(e => (long)e["user_id"]! == sandbox.Member.UserId) >= 100);
        Assert.Contains(sandbox.Data.Rows("expenses"), e => (long)e["user_id"]! == sandbox.Member.UserId);
        Assert.Equal("administrator", sandbox.Data.Find("users", sandbox.Administrator.UserId)!["access_roles"]);
        Assert.Equal("member", sandbox.Data.Find("users", sandbox.Member.UserId)!["access_roles"]);
    }

    [Fact]
    public async Task Legacy_user_shape_answers_permission_flags_instead_of_access_roles()
    {
        var sandbox = Sandboxes.Create(o => o.LegacyUserShape = true).Sandbox;
        var me = await sandbox.ClientFor(sandbox.Manager).GetOk("users/me");
        Assert.Null(me["access_roles"]);
        Assert.False(me["is_admin"]!.GetValue<bool>());
        Assert.True(me["is_project_manager"]!.GetValue<bool>());
        Assert.True(me["can_create_projects"]!.GetValue<bool>());
        Assert.True(me["can_see_rates"]!.GetValue<bool>());
        Assert.True(me["can_create_invoices"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData("TimeEntries", -1)]
    [InlineData("RateLimitRequests", 0)]
    [InlineData("RateLimitWindowSeconds", 0)]
    [InlineData("AccountId", 0)]
    [InlineData("Users", 2)]
    public void Bad_options_fail_naming_the_key(string key, int value)
    {
        var options = new SandboxOptions();
        switch (key)
        {
            case "TimeEntries": options.TimeEntries = value; break;
            case "RateLimitRequests": options.RateLimitRequests = value; break;
            case "RateLimitWindowSeconds": options.RateLimitWindowSeconds = value; break;
            case "AccountId": options.AccountId = "acme"; break;
            default: options.Users = value; break;
        }
        var error = Assert.Throws<OptionsValidationException>(() => new HarvestSandbox(options, new FakeTimeProvider(Sandboxes.WednesdayAfternoon)));
        Assert.Contains($"Sandbox:{key}", error.Message);
    }
}
