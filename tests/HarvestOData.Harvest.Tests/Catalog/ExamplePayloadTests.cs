using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Catalog;

/// <summary>Every official example payload is read by the catalog without losing a field.</summary>
public sealed class ExamplePayloadTests
{
    private const long AccountId = 998877;
    private const long ParentId = 4242;

    /// <summary>Single-object examples (answers to GET one / POST / PATCH) and the resource they are.</summary>
    private static readonly Dictionary<string, string> SingleObjects = new()
    {
        ["client_create.json"] = "clients",
        ["company.json"] = "company",
        ["expense_create.json"] = "expenses",
        ["invoice_create.json"] = "invoices",
        ["project_create.json"] = "projects",
        ["task_create.json"] = "tasks",
        ["time_entry_create.json"] = "time_entries",
        ["time_entry_restart.json"] = "time_entries",
        ["time_entry_stop.json"] = "time_entries",
        ["time_entry_update.json"] = "time_entries",
        ["user_create.json"] = "users",
        ["users_me.json"] = "users",
    };

    /// <summary>Examples of endpoints the catalog does not mirror (reports, user sub-lists) and the pagination docs' placeholder page.</summary>
    private static readonly string[] NotMirrored =
    [
        "my_project_assignments.json", "pagination_clients_cursor_first_page.json", "project_assignments.json",
        "reports_expenses_categories.json", "reports_expenses_clients.json", "reports_expenses_projects.json",
        "reports_expenses_team.json", "reports_project_budget.json", "reports_time_clients.json", "reports_time_projects.json",
        "reports_time_tasks.json", "reports_time_team.json", "reports_uninvoiced.json", "teammates.json",
    ];

    public static TheoryData<string> MirroredExamples =>
        new(Examples.Files.Select(Path.GetFileName).Where(f => !NotMirrored.Contains(f)).Select(f => f!));

    [Fact]
    public void Only_reports_user_sublists_and_the_placeholder_page_have_no_catalog_resource()
    {
        var unmatched = Examples.Files.Select(f => Path.GetFileName(f)!).Where(f => Objects(f).Count == 0);

        Assert.Equal(NotMirrored, unmatched.Order());
        Assert.True(MirroredExamples.Count >= 30);
    }

    [Theory]
    [MemberData(nameof(MirroredExamples))]
    public void Every_field_of_the_example_lands_in_a_typed_record_value(string file)
    {
        var objects = Objects(file);
        Assert.NotEmpty(objects);
        foreach (var (resource, json) in objects)
        {
            var record = RecordReader.Read(resource, json, resource.Kind == ResourceKind.PerParent ? ParentId : null, AccountId);

            Assert.Empty(RecordReader.UnconsumedPaths(resource, json));
            AssertTyped(record, json);
        }
    }

    private static void AssertTyped(HarvestRecord record, JsonElement json)
    {
        foreach (var field in record.Resource.Fields)
        {
            object? value = record[field.Column];
            var source = At(json, field.JsonPath);
            bool sent = source is { ValueKind: not JsonValueKind.Null } && !(source.Value.ValueKind == JsonValueKind.String
                && source.Value.GetString() == "" && field.Type is FieldType.Date or FieldType.Timestamp);
            if (field.JsonPath.Count == 0 || (record.Resource.Kind == ResourceKind.Singleton && field.IsKey))
                sent = true; // parent column or company key: set from the caller
            if (!sent)
            {
                Assert.Null(value);
                continue;
            }
            Assert.True(value is not null, $"{record}: {field.Column} was sent but not read");
            Assert.IsType(ClrType(field.Type), value);
        }
        foreach (var child in EntityCatalog.EmbeddedIn(record.Resource))
        {
            if (!json.TryGetProperty(child.JsonKey!, out var items) || items.ValueKind != JsonValueKind.Array)
                continue;
            var rows = record.Children[child.Name];
            Assert.Equal(items.GetArrayLength(), rows.Count);
            foreach (var (row, item) in rows.Zip(items.EnumerateArray()))
            {
                Assert.Equal(record.Id, row[child.ParentColumn!]);
                AssertTyped(row, item);
            }
        }
        foreach (var link in record.Resource.Links)
            Assert.Equal(json.GetProperty(link.JsonKey).GetArrayLength(), record.Links[link.Table].Count);
    }

    private static List<(ResourceDefinition, JsonElement)> Objects(string file)
    {
        var root = JsonDocument.Parse(Examples.Text(file)).RootElement;
        if (SingleObjects.TryGetValue(file, out string? name))
            return [(EntityCatalog.Get(name), root)];
        var list = EntityCatalog.Fetched
            .Where(r => r.Kind != ResourceKind.Singleton && root.TryGetProperty(r.JsonKey!, out _))
            .SelectMany(r => root.GetProperty(r.JsonKey!).EnumerateArray().Select(item => (r, item)))
            .ToList();
        // The pagination docs' page lists a placeholder string, not client objects.
        return list.All(o => o.item.ValueKind == JsonValueKind.Object) ? list : [];
    }

    private static JsonElement? At(JsonElement json, IReadOnlyList<string> path)
    {
        var current = json;
        foreach (string key in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(key, out current))
                return null;
        }
        return current;
    }

    private static Type ClrType(FieldType type) => type switch
    {
        FieldType.Id or FieldType.Integer => typeof(long),
        FieldType.Decimal => typeof(decimal),
        FieldType.Boolean => typeof(bool),
        FieldType.Date => typeof(DateOnly),
        FieldType.Timestamp => typeof(DateTimeOffset),
        _ => typeof(string),
    };
}
