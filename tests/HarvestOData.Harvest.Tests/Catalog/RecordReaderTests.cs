using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Tests.Support;

namespace HarvestOData.Harvest.Tests.Catalog;

public sealed class RecordReaderTests
{
    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    private static HarvestRecord Find(string file, string resource, long id, long? parentId = null) =>
        RecordReader.ReadList(EntityCatalog.Get(resource), Parse(Examples.Text(file)), parentId).Single(r => r.Id == id);

    [Fact]
    public void Time_entries_keep_exact_hours_clock_strings_dates_and_references()
    {
        var entry = Find("time_entries.json", "time_entries", 636709355);

        Assert.Equal(2.11m, entry["hours"]);
        Assert.Equal(2.25m, entry["rounded_hours"]);
        Assert.Equal("3:00pm", entry["started_time"]);
        Assert.Equal("5:00pm", entry["ended_time"]);
        Assert.Equal(new DateOnly(2017, 3, 2), entry["spent_date"]);
        Assert.Equal(new DateTimeOffset(2017, 6, 27, 16, 47, 14, TimeSpan.Zero), entry.UpdatedAt);
        Assert.Equal(14307913L, entry["project_id"]);
        Assert.Equal(125068553L, entry["user_assignment_id"]);
        Assert.Null(entry["invoice_id"]);
        Assert.Null(entry["timer_started_at"]);
        Assert.Equal("approved", entry["approval_status"]);
    }

    [Fact]
    public void External_reference_ids_are_strings_even_when_they_look_like_numbers()
    {
        var json = Parse("""
            {"id": 1, "spent_date": "2024-01-02", "external_reference": {"id": "8475", "group_id": 1234,
             "account_id": "99", "permalink": "https://github.com/o/r/issues/8475", "service": "github.com", "service_icon_url": "https://x/i.png"}}
            """);

        var entry = RecordReader.Read(EntityCatalog.Get("time_entries"), json);

        Assert.Equal("8475", entry["external_reference_id"]);
        Assert.Equal("1234", entry["external_reference_group_id"]);
        Assert.Equal("github.com", entry["external_reference_service"]);
    }

    [Fact]
    public void Expenses_read_float_units_as_decimals_and_flatten_the_receipt()
    {
        var expense = Find("expenses.json", "expenses", 15296442);

        Assert.Equal(1.0m, expense["units"]);
        Assert.Equal(33.35m, expense["total_cost"]);
        Assert.Equal(39410L, expense["receipt_file_size"]);
        Assert.Equal("image/gif", expense["receipt_content_type"]);
        Assert.Equal(4195926L, expense["expense_category_id"]);
        Assert.Null(Find("expenses.json", "expenses", 15296423)["receipt_url"]);
    }

    [Fact]
    public void Invoice_line_items_become_children_carrying_the_invoice_id()
    {
        var invoice = Find("invoices.json", "invoices", 13150403);

        var items = invoice.Children["invoice_line_items"];
        Assert.Equal([53341602L, 53341603L], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(13150403L, i["invoice_id"]));
        Assert.Equal(2m, items[0]["quantity"]); // sent as the integer 2
        Assert.Equal(14308069L, items[0]["project_id"]);
        Assert.Equal("credit_card", invoice["payment_options"]);
        Assert.Equal(5m, invoice["tax"]);
        Assert.Null(invoice["estimate_id"]);
        Assert.Equal(1439814L, Find("invoices.json", "invoices", 13150378)["estimate_id"]);
    }

    [Fact]
    public void Role_user_ids_become_link_rows()
    {
        Assert.Equal([2084359L, 3122373L, 3122374L], Find("roles.json", "roles", 617630).Links["role_users"]);
        Assert.Empty(Find("roles.json", "roles", 618100).Links["role_users"]);
    }

    [Fact]
    public void Message_recipients_are_kept_as_compact_json_and_the_parent_comes_from_the_caller()
    {
        var message = Find("invoice_messages.json", "invoice_messages", 27835209, parentId: 13150403);

        Assert.Equal("""[{"name":"Richard Roe","email":"richardroe@example.com"}]""", message["recipients"]);
        Assert.Equal(13150403L, message["invoice_id"]);
        Assert.Throws<ArgumentException>(() => RecordReader.ReadList(EntityCatalog.Get("invoice_messages"), Parse(Examples.Text("invoice_messages.json"))));
    }

    [Fact]
    public void Users_in_the_current_shape_keep_roles_and_access_roles()
    {
        var bob = Find("users.json", "users", 1782884);

        Assert.Equal("Founder, CEO", bob["roles"]);
        Assert.Equal("administrator", bob["access_roles"]);
        Assert.Equal(126000L, bob["weekly_capacity"]);
    }

    [Theory]
    [InlineData("\"is_admin\": true, \"is_project_manager\": false", "administrator")]
    [InlineData("\"is_admin\": false, \"is_project_manager\": true, \"can_see_rates\": true, \"can_create_projects\": false, \"can_create_invoices\": true",
        "manager, billable_rates_manager, managed_projects_invoice_manager")]
    [InlineData("\"is_admin\": false, \"is_project_manager\": false, \"can_see_rates\": false, \"can_create_projects\": false, \"can_create_invoices\": false", "member")]
    public void Users_in_the_older_shape_get_access_roles_from_their_permission_flags(string flags, string accessRoles)
    {
        var json = Parse($$"""{"id": 7, "first_name": "Old", "last_name": "Shape", "email": "o@example.com", {{flags}}, "weekly_capacity": 126000.0}""");

        var user = RecordReader.Read(EntityCatalog.Get("users"), json);

        Assert.Equal(accessRoles, user["access_roles"]);
        Assert.Equal(126000L, user["weekly_capacity"]);
        Assert.Empty(RecordReader.UnconsumedPaths(EntityCatalog.Get("users"), json));
    }

    [Fact]
    public void Unknown_extra_fields_are_ignored_but_reported_as_unconsumed()
    {
        var json = Parse("""{"id": 3, "name": "C", "is_active": true, "shiny_new_field": {"x": 1}, "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"}""");

        var client = RecordReader.Read(EntityCatalog.Get("clients"), json);

        Assert.Equal("C", client["name"]);
        Assert.Equal(["shiny_new_field.x"], RecordReader.UnconsumedPaths(EntityCatalog.Get("clients"), json));
    }

    [Theory]
    [InlineData("\"hours\": \"2.11\"", "hours")]
    [InlineData("\"is_locked\": 1", "is_locked")]
    [InlineData("\"project\": 5", "project")]
    [InlineData("\"spent_date\": \"02/03/2017\"", "spent_date")]
    [InlineData("\"created_at\": 12", "created_at")]
    public void A_known_field_of_the_wrong_type_is_a_clear_error_naming_resource_field_and_id(string field, string name)
    {
        var json = Parse($$"""{"id": 636709355, {{field}}}""");

        var error = Assert.Throws<InvalidDataException>(() => RecordReader.Read(EntityCatalog.Get("time_entries"), json));

        Assert.Contains("time_entries", error.Message);
        Assert.Contains($"'{name}", error.Message);
        Assert.Contains("636709355", error.Message);
    }

    [Fact]
    public void The_company_is_keyed_by_the_account_id_it_was_read_for()
    {
        var company = RecordReader.Read(EntityCatalog.Get("company"), Parse(Examples.Text("company.json")), accountId: 42);

        Assert.Equal(42L, company.Id);
        Assert.Equal(true, company["wants_timestamp_timers"]);
        Assert.Null(company["team_feature"]); // the example lacks it
    }
}
