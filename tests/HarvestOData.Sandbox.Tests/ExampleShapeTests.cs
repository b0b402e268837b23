using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Tests.Support;

namespace HarvestOData.Sandbox.Tests;

/// <summary>
/// Every official Harvest example payload against what the sandbox answers: same keys, same JSON kinds, nulls only
/// where the example or the catalog allows them, and every value the example fills filled somewhere in the sandbox.
/// </summary>
public sealed class ExampleShapeTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    private readonly HarvestSandbox _sandbox = shared.Sandbox;

    public static TheoryData<string, string> Lists => new()
    {
        { "clients.json", "clients" }, { "projects.json", "projects" }, { "tasks.json", "tasks" },
        { "time_entries.json", "time_entries" }, { "users.json", "users" }, { "expenses.json", "expenses" },
        { "invoices.json", "invoices" }, { "roles.json", "roles" }, { "task_assignments.json", "task_assignments" },
        { "user_assignments.json", "user_assignments" }, { "expense_categories.json", "expense_categories" },
        { "invoice_item_categories.json", "invoice_item_categories" }, { "estimate_item_categories.json", "estimate_item_categories" },
        { "estimates.json", "estimates" }, { "invoice_messages.json", "invoice_messages" }, { "invoice_payments.json", "invoice_payments" },
        { "estimate_messages.json", "estimate_messages" }, { "billable_rates.json", "billable_rates" }, { "cost_rates.json", "cost_rates" },
        { "project_task_assignments.json", "task_assignments" }, { "project_user_assignments.json", "user_assignments" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task List_rows_and_envelope_have_the_shape_of_the_official_example(string file, string resourceName)
    {
        var resource = EntityCatalog.Get(resourceName);
        var example = Examples.Load(file);
        using var client = _sandbox.ClientFor(_sandbox.Administrator);
        var shape = new ShapeAssert(resource);
        var envelope = new ShapeAssert(resource);
        foreach (var path in Paths(file, resourceName))
        {
            var first = await client.GetOk(path);
            envelope.Compare(WithoutRows(example, resource.JsonKey!), WithoutRows(first, resource.JsonKey!));
            foreach (var row in await client.Walk(path, resource.JsonKey!))
                shape.Compare(example[resource.JsonKey!]![0]!, row);
        }
        envelope.Verify(WithoutRows(example, resource.JsonKey!), requireCoverage: false);
        shape.Verify(example[resource.JsonKey!]![0]!, requireCoverage: true);
    }

    [Fact]
    public async Task Users_me_has_the_shape_of_the_official_example()
    {
        using var client = _sandbox.ClientFor(_sandbox.Member);
        var shape = new ShapeAssert(EntityCatalog.Get("users"));
        var example = Examples.Load("users_me.json");
        shape.Compare(example, await client.GetOk("users/me"));
        shape.Verify(example, requireCoverage: true);
    }

    [Fact]
    public async Task Company_has_the_shape_of_the_official_example_plus_the_documented_team_feature()
    {
        using var client = _sandbox.ClientFor(_sandbox.Member);
        // The example predates team_feature, which the current docs and the catalog list.
        var shape = new ShapeAssert(EntityCatalog.Get("company"), ["team_feature"]);
        var example = Examples.Load("company.json");
        shape.Compare(example, await client.GetOk("company"));
        shape.Verify(example, requireCoverage: true);
    }

    /// <summary>The paths whose answers together hold every kind of row the example shows.</summary>
    private IEnumerable<string> Paths(string file, string resource)
    {
        IEnumerable<long> Parents(string child, string column) =>
            _sandbox.Data.Rows(child).Select(r => (long)r[column]!).Distinct().Take(60);
        return file switch
        {
            "invoice_messages.json" => Parents("invoice_messages", "invoice_id").Select(id => $"invoices/{id}/messages"),
            "invoice_payments.json" => Parents("invoice_payments", "invoice_id").Select(id => $"invoices/{id}/payments"),
            "estimate_messages.json" => Parents("estimate_messages", "estimate_id").Select(id => $"estimates/{id}/messages"),
            "billable_rates.json" => Parents("billable_rates", "user_id").Select(id => $"users/{id}/billable_rates"),
            "cost_rates.json" => Parents("cost_rates", "user_id").Select(id => $"users/{id}/cost_rates"),
            "project_task_assignments.json" => Parents("task_assignments", "project_id").Take(10).Select(id => $"projects/{id}/task_assignments"),
            "project_user_assignments.json" => Parents("user_assignments", "project_id").Take(10).Select(id => $"projects/{id}/user_assignments"),
            _ => [resource + "?per_page=500"],
        };
    }

    private static JsonNode WithoutRows(JsonNode envelope, string key)
    {
        var copy = envelope.DeepClone();
        copy[key] = new JsonArray();
        return copy;
    }
}
