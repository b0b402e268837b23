using static HarvestOData.Harvest.Catalog.WriteMode;
using CompanyNames = HarvestOData.Harvest.Catalog.CatalogNames.Company;
using F = HarvestOData.Harvest.Catalog.FieldType;
using TimeEntryNames = HarvestOData.Harvest.Catalog.CatalogNames.TimeEntries;

namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// The single description of Harvest's data (docs/harvest.md#resources), in sync order: parents before the
/// resources that point at them. Field lists follow the v2 documentation and the official example payloads
/// in <c>tests/fixtures/harvest-examples</c>; unknown extra fields in Harvest's answers are ignored by readers.
/// </summary>
public static class EntityCatalog
{
    private const string ClientAndTaskManager = "client_and_task_manager";
    private const string BillableRatesManager = "billable_rates_manager";
    private const string InvoiceManager = "managed_projects_invoice_manager";
    private const string EstimatesManager = "estimates_manager";

    public static IReadOnlyList<ResourceDefinition> All { get; } = WithEmbeddedFields(Build());

    private static readonly Dictionary<string, ResourceDefinition> ByName = All.ToDictionary(r => r.Name);

    public static ResourceDefinition Get(string name) =>
        ByName.TryGetValue(name, out var resource)
            ? resource
            : throw new KeyNotFoundException($"The entity catalog has no resource '{name}'.");

    public static ResourceDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The resources fetched from an endpoint of their own (everything but embedded arrays).</summary>
    public static IEnumerable<ResourceDefinition> Fetched => All.Where(r => r.Kind != ResourceKind.Embedded);

    /// <summary>Embedded arrays of <paramref name="parent"/> (invoice line items of invoices).</summary>
    public static IEnumerable<ResourceDefinition> EmbeddedIn(ResourceDefinition parent) =>
        All.Where(r => r.Kind == ResourceKind.Embedded && r.Parent == parent.Name);

    /// <summary>Per-parent resources listed below <paramref name="parent"/> (payments and messages of invoices).</summary>
    public static IEnumerable<ResourceDefinition> ListedPer(ResourceDefinition parent) =>
        All.Where(r => r.Kind == ResourceKind.PerParent && r.Parent == parent.Name);

    /// <summary>Fills <see cref="ResourceDefinition.EmbeddedFields"/> from every resource's references to it.</summary>
    private static ResourceDefinition[] WithEmbeddedFields(ResourceDefinition[] resources)
    {
        foreach (var resource in resources)
        {
            var fields = new HashSet<string>(StringComparer.Ordinal) { "id" };
            fields.UnionWith(resource.AlsoEmbedded);
            foreach (var embed in resources.SelectMany(r => r.Embeds).Where(e => e.Target == resource.Name))
                fields.UnionWith(embed.Keys.Where(k => resource.FindField(k) is not null));
            resource.EmbeddedFields = fields;
        }
        return resources;
    }

    private static ResourceDefinition[] Build() =>
    [
        new ResourceBuilder(CompanyNames.Resource, "Company", ResourceKind.Singleton).ShownIn(NavigatorFolder.People, 5)
            .AccountKey()
            .Field("base_uri", F.String).Field("full_domain", F.String).Field("name", F.String)
            .Field("is_active", F.Boolean).Field("week_start_day", F.String)
            .Field(CompanyNames.WantsTimestampTimers, F.Boolean, write: Writable)
            .Field("time_format", F.String).Field("date_format", F.String).Field("plan_type", F.String)
            .Field("clock", F.String).Field("currency_code_display", F.String).Field("currency_symbol_display", F.String)
            .Field("decimal_symbol", F.String).Field("thousands_separator", F.String).Field("color_scheme", F.String)
            .Field("weekly_capacity", F.Integer, write: Writable)
            .Field("expense_feature", F.Boolean).Field("invoice_feature", F.Boolean).Field("estimate_feature", F.Boolean)
            .Field("approval_feature", F.Boolean).Field("team_feature", F.Boolean)
            .NoUpdatedSince().Writes(null, "company", null)
            .Everyone().Build(),

        new ResourceBuilder("clients", "Client", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 2)
            .Id().Field("name", F.String, nullable: false, write: Required).Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Field("address", F.String, write: Writable).Field("statement_key", F.String).Field("currency", F.String, write: Writable)
            .Timestamps().StandardWrites()
            .Grant(Audience.Manager, "id", ScopeSet.Everything, ClientAndTaskManager)
            .Grant(Audience.Manager, "id", ScopeSet.ManagedProjectClients, listable: false)
            .Grant(Audience.Member, "id", ScopeSet.AssignedProjectClients, listable: false).Build(),

        new ResourceBuilder("contacts", "Contact", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 3)
            .Id().Ref("client", "clients", write: Required, embedded: "name")
            .Field("title", F.String, write: Writable).Field("first_name", F.String, nullable: false, write: Required)
            .Field("last_name", F.String, write: Writable).Field("email", F.String, write: Writable)
            .Field("phone_office", F.String, write: Writable).Field("phone_mobile", F.String, write: Writable)
            .Field("fax", F.String, write: Writable)
            .Timestamps().StandardWrites()
            .Grant(Audience.Manager, "id", ScopeSet.Everything, ClientAndTaskManager).Build(),

        new ResourceBuilder("users", "User", ResourceKind.TopLevel).ShownIn(NavigatorFolder.People, 1)
            .Id().Field("first_name", F.String, nullable: false, write: Required).Field("last_name", F.String, nullable: false, write: Required)
            .Field("email", F.String, nullable: false, write: Required).Field("telephone", F.String, write: Writable)
            .Field("timezone", F.String, write: Writable)
            .Field("has_access_to_all_future_projects", F.Boolean, nullable: false, write: Writable)
            .Field("is_contractor", F.Boolean, nullable: false, write: Writable).Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Field("weekly_capacity", F.Integer, write: Writable)
            .Field("default_hourly_rate", F.Decimal, write: Writable).Field("cost_rate", F.Decimal, write: Writable)
            // Descriptive labels; permissions are in access_roles (older accounts send is_admin/is_project_manager: see UserPermissions).
            .Field("roles", F.StringList, write: Writable).Field("access_roles", F.StringList, write: Writable)
            .Field("avatar_url", F.String)
            .Timestamps().StandardWrites()
            // Managers see teammates' rates only with the billable rates permission; everyone sees themselves whole (users/me).
            .Grant(Audience.Manager, "id", ScopeSet.ManagedProjectUsers, withheld: ["default_hourly_rate", "cost_rate"])
            .Grant(Audience.Manager, "id", ScopeSet.ManagedProjectUsers, BillableRatesManager)
            .Grant(Audience.Manager, "id", ScopeSet.Self)
            .Grant(Audience.Member, "id", ScopeSet.Self, listable: false, reach: FieldReach.WholeRow).Build(),

        new ResourceBuilder("roles", "Role", ResourceKind.TopLevel).ShownIn(NavigatorFolder.People, 2)
            .Id().Field("name", F.String, nullable: false, write: Required)
            .Link("role_users", "user_ids", "role_id", "user_id", "users")
            .NoUpdatedSince().Timestamps().StandardWrites().Build(),

        new ResourceBuilder("tasks", "Task", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 4)
            .Id().Field("name", F.String, nullable: false, write: Required)
            .Field("billable_by_default", F.Boolean, nullable: false, write: Writable)
            .Field("default_hourly_rate", F.Decimal, write: Writable)
            .Field("is_default", F.Boolean, nullable: false, write: Writable).Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Timestamps().StandardWrites()
            .Grant(Audience.Manager, "id", ScopeSet.Everything, ClientAndTaskManager)
            .Grant(Audience.Manager, "id", ScopeSet.AssignedProjectTasks, listable: false)
            .Grant(Audience.Member, "id", ScopeSet.AssignedProjectTasks, listable: false).Build(),

        new ResourceBuilder("projects", "Project", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 1)
            .Id().Ref("client", "clients", write: Required, embedded: ["name", "currency"])
            .Field("name", F.String, nullable: false, write: Required).Field("code", F.String, write: Writable)
            .Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Field("is_billable", F.Boolean, nullable: false, write: Required)
            .Field("is_fixed_fee", F.Boolean, nullable: false, write: Writable)
            .Field("bill_by", F.String, nullable: false, write: Required).Field("hourly_rate", F.Decimal, write: Writable)
            .Field("budget_by", F.String, nullable: false, write: Required)
            .Field("budget_is_monthly", F.Boolean, nullable: false, write: Writable)
            .Field("budget", F.Decimal, write: Writable).Field("cost_budget", F.Decimal, write: Writable)
            .Field("cost_budget_include_expenses", F.Boolean, nullable: false, write: Writable)
            .Field("notify_when_over_budget", F.Boolean, nullable: false, write: Writable)
            .Field("over_budget_notification_percentage", F.Decimal, write: Writable)
            .Field("over_budget_notification_date", F.Date)
            .Field("show_budget_to_all", F.Boolean, nullable: false, write: Writable)
            .Field("fee", F.Decimal, write: Writable).Field("notes", F.String, write: Writable)
            .Field("starts_on", F.Date, write: Writable).Field("ends_on", F.Date, write: Writable)
            .Timestamps().StandardWrites()
            .Cascade("time_entries", "project_id").Cascade("expenses", "project_id")
            .Cascade("task_assignments", "project_id").Cascade("user_assignments", "project_id")
            // users/me/project_assignments pairs each assigned project with its client {id, name}.
            .AlsoEmbedded("client_id")
            .Grant(Audience.Manager, "id", ScopeSet.ManagedProjects)
            .Grant(Audience.Manager, "id", ScopeSet.AssignedProjects, listable: false)
            .Grant(Audience.Member, "id", ScopeSet.AssignedProjects, listable: false).Build(),

        new ResourceBuilder("task_assignments", "TaskAssignment", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 5)
            .Id().Ref("project", "projects", write: RequiredCreateOnly, embedded: ["name", "code"])
            .Ref("task", "tasks", write: RequiredCreateOnly, embedded: "name")
            .Field("is_active", F.Boolean, nullable: false, write: Writable).Field("billable", F.Boolean, nullable: false, write: Writable)
            .Field("hourly_rate", F.Decimal, write: Writable).Field("budget", F.Decimal, write: Writable)
            .Timestamps()
            .Writes("projects/{project_id}/task_assignments", "projects/{project_id}/task_assignments/{id}", "projects/{project_id}/task_assignments/{id}")
            // users/me/project_assignments nests them under their project, each with its task {id, name}.
            .AlsoEmbedded("project_id", "task_id")
            .Grant(Audience.Manager, "project_id", ScopeSet.ManagedProjects)
            .Grant(Audience.Manager, "project_id", ScopeSet.AssignedProjects, listable: false)
            .Grant(Audience.Member, "project_id", ScopeSet.AssignedProjects, listable: false).Build(),

        new ResourceBuilder("user_assignments", "UserAssignment", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Projects, 6)
            .Id().Ref("project", "projects", write: RequiredCreateOnly, embedded: ["name", "code"])
            .Ref("user", "users", write: RequiredCreateOnly, embedded: "name")
            .Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Field("is_project_manager", F.Boolean, nullable: false, write: Writable)
            .Field("use_default_rates", F.Boolean, nullable: false, write: Writable)
            .Field("hourly_rate", F.Decimal, write: Writable).Field("budget", F.Decimal, write: Writable)
            .Timestamps()
            .Writes("projects/{project_id}/user_assignments", "projects/{project_id}/user_assignments/{id}", "projects/{project_id}/user_assignments/{id}")
            .Grant(Audience.Manager, "project_id", ScopeSet.ManagedProjects)
            // users/me/project_assignments answers the caller's own assignments whole.
            .Grant(Audience.Manager, "user_id", ScopeSet.Self, listable: false, reach: FieldReach.WholeRow)
            .Grant(Audience.Member, "user_id", ScopeSet.Self, listable: false, reach: FieldReach.WholeRow).Build(),

        new ResourceBuilder("billable_rates", "BillableRate", ResourceKind.PerParent).ShownIn(NavigatorFolder.People, 3)
            .Id().ChildOf("users", "user_id").ListedAt("users/{parent_id}/billable_rates", "billable_rates")
            .Field("amount", F.Decimal, nullable: false, write: Required).Field("start_date", F.Date, write: CreateOnly)
            .Field("end_date", F.Date).Timestamps().NoUpdatedSince()
            .Writes("users/{user_id}/billable_rates", null, null)
            .Grant(Audience.Manager, "user_id", ScopeSet.ManagedProjectUsers, BillableRatesManager).Build(),

        new ResourceBuilder("cost_rates", "CostRate", ResourceKind.PerParent).ShownIn(NavigatorFolder.People, 4)
            .Id().ChildOf("users", "user_id").ListedAt("users/{parent_id}/cost_rates", "cost_rates")
            .Field("amount", F.Decimal, nullable: false, write: Required).Field("start_date", F.Date, write: CreateOnly)
            .Field("end_date", F.Date).Timestamps().NoUpdatedSince()
            .Writes("users/{user_id}/cost_rates", null, null).Build(),

        new ResourceBuilder("expense_categories", "ExpenseCategory", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Time, 3)
            .Id().Field("name", F.String, nullable: false, write: Required).Field("unit_name", F.String, write: Writable)
            .Field("unit_price", F.Decimal, write: Writable).Field("is_active", F.Boolean, nullable: false, write: Writable)
            .Timestamps().StandardWrites().Everyone().Build(),

        new ResourceBuilder("invoice_item_categories", "InvoiceItemCategory", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Invoicing, 5)
            .Id().Field("name", F.String, nullable: false, write: Required)
            .Field("use_as_service", F.Boolean, nullable: false).Field("use_as_expense", F.Boolean, nullable: false)
            .Timestamps().StandardWrites()
            .Grant(Audience.Manager, "id", ScopeSet.Everything, InvoiceManager).Build(),

        new ResourceBuilder("estimate_item_categories", "EstimateItemCategory", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Estimates, 4)
            .Id().Field("name", F.String, nullable: false, write: Required)
            .Timestamps().StandardWrites()
            .Grant(Audience.Manager, "id", ScopeSet.Everything, EstimatesManager).Build(),

        new ResourceBuilder(TimeEntryNames.Resource, "TimeEntry", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Time, 1)
            .Id().Field("spent_date", F.Date, nullable: false, write: Required)
            .Ref(TimeEntryNames.User, "users", write: CreateOnly, embedded: "name")
            .Ref("client", "clients", embedded: "name")
            .Ref("project", "projects", write: Required, embedded: "name")
            .Ref("task", "tasks", write: Required, embedded: "name")
            .Ref("user_assignment", "user_assignments", nullable: true,
                embedded: ["is_project_manager", "is_active", "budget", "created_at", "updated_at", "hourly_rate"])
            .Ref("task_assignment", "task_assignments", nullable: true,
                embedded: ["billable", "is_active", "created_at", "updated_at", "hourly_rate", "budget"])
            .Flat("external_reference", ("id", F.String), ("group_id", F.String), ("account_id", F.String),
                ("permalink", F.String), ("service", F.String), ("service_icon_url", F.String))
            .Ref("invoice", "invoices", nullable: true, embedded: "number")
            .Field(TimeEntryNames.Hours, F.Decimal, write: Writable).Field("hours_without_timer", F.Decimal).Field("rounded_hours", F.Decimal)
            .Field("notes", F.String, write: Writable)
            .Field("is_locked", F.Boolean, nullable: false).Field("locked_reason", F.String)
            .Field("is_closed", F.Boolean, nullable: false).Field("approval_status", F.String)
            .Field("is_billed", F.Boolean, nullable: false).Field("timer_started_at", F.Timestamp)
            .Field(TimeEntryNames.StartedTime, F.ClockTime, write: Writable).Field(TimeEntryNames.EndedTime, F.ClockTime, write: Writable)
            .Field(TimeEntryNames.IsRunning, F.Boolean, nullable: false)
            .Field("billable", F.Boolean, nullable: false).Field("budgeted", F.Boolean, nullable: false)
            .Field("billable_rate", F.Decimal).Field("cost_rate", F.Decimal)
            .Timestamps().Paged(Paging.PageNumber).DateWindow("spent_date", newestFirst: true).StandardWrites()
            .Action("stop", "PATCH", "time_entries/{id}/stop").Action("restart", "PATCH", "time_entries/{id}/restart")
            .Grant(Audience.Manager, "user_id", ScopeSet.Self)
            .Grant(Audience.Manager, "project_id", ScopeSet.ManagedProjects)
            .Grant(Audience.Member, "user_id", ScopeSet.Self).Build(),

        new ResourceBuilder("expenses", "Expense", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Time, 2)
            .Id().Ref("client", "clients", embedded: ["name", "currency"])
            .Ref("project", "projects", write: Required, embedded: ["name", "code"])
            .Ref("expense_category", "expense_categories", write: Required, embedded: ["name", "unit_price", "unit_name"])
            .Ref("user", "users", write: CreateOnly, embedded: "name")
            .Ref("user_assignment", "user_assignments", nullable: true,
                embedded: ["is_project_manager", "is_active", "budget", "created_at", "updated_at", "hourly_rate"])
            .Flat("receipt", ("url", F.String), ("file_name", F.String), ("file_size", F.Integer), ("content_type", F.String))
            .Ref("invoice", "invoices", nullable: true, embedded: "number")
            .Field("notes", F.String, write: Writable).Field("units", F.Decimal, write: Writable)
            .Field("total_cost", F.Decimal, write: Writable).Field("billable", F.Boolean, nullable: false, write: Writable)
            .Field("is_closed", F.Boolean, nullable: false).Field("approval_status", F.String)
            .Field("is_locked", F.Boolean, nullable: false).Field("is_billed", F.Boolean, nullable: false)
            .Field("locked_reason", F.String).Field("spent_date", F.Date, nullable: false, write: Required)
            .Timestamps().Paged(Paging.PageNumber).DateWindow("spent_date", newestFirst: true).StandardWrites()
            .Grant(Audience.Manager, "user_id", ScopeSet.Self)
            .Grant(Audience.Manager, "project_id", ScopeSet.ManagedProjects)
            .Grant(Audience.Member, "user_id", ScopeSet.Self).Build(),

        new ResourceBuilder("invoices", "Invoice", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Invoicing, 1)
            .Id().Ref("client", "clients", write: Required, embedded: "name")
            .Ref("estimate", "estimates", nullable: true, write: CreateOnly)
            .Ref("retainer", null, nullable: true, write: CreateOnly)
            .Ref("creator", "users", nullable: true, embedded: "name")
            .Field("client_key", F.String).Field("number", F.String, write: Writable).Field("purchase_order", F.String, write: Writable)
            .Field("amount", F.Decimal).Field("due_amount", F.Decimal)
            .Field("tax", F.Decimal, write: Writable).Field("tax_amount", F.Decimal)
            .Field("tax2", F.Decimal, write: Writable).Field("tax2_amount", F.Decimal)
            .Field("discount", F.Decimal, write: Writable).Field("discount_amount", F.Decimal)
            .Field("subject", F.String, write: Writable).Field("notes", F.String, write: Writable)
            .Field("currency", F.String, write: Writable).Field("state", F.String)
            .Field("period_start", F.Date).Field("period_end", F.Date)
            .Field("issue_date", F.Date, write: Writable).Field("due_date", F.Date, write: Writable)
            .Field("payment_term", F.String, write: Writable).Field("payment_options", F.StringList, write: Writable)
            .Field("sent_at", F.Timestamp).Field("paid_at", F.Timestamp).Field("paid_date", F.Date).Field("closed_at", F.Timestamp)
            // A flat id in Harvest's JSON ("recurring_invoice_id": null in invoices.json), not a nested object.
            .Field("recurring_invoice_id", F.Id)
            .Timestamps().Paged(Paging.PageNumber).DateWindow("issue_date").StandardWrites()
            .Event("send", "send").Event("close", "close").Event("reopen", "re-open").Event("mark_as_draft", "draft")
            .Grant(Audience.Manager, "client_id", ScopeSet.ManagedProjectClients, InvoiceManager).Build(),

        new ResourceBuilder("invoice_line_items", "InvoiceLineItem", ResourceKind.Embedded).ShownIn(NavigatorFolder.Invoicing, 2)
            .Id().ChildOf("invoices", "invoice_id").EmbeddedAs("line_items")
            .Ref("project", "projects", nullable: true, write: Writable, embedded: ["name", "code"])
            .Field("kind", F.String, write: Required).Field("description", F.String, write: Writable)
            .Field("quantity", F.Decimal, write: Writable).Field("unit_price", F.Decimal, write: Writable)
            .Field("amount", F.Decimal).Field("taxed", F.Boolean, nullable: false, write: Writable)
            .Field("taxed2", F.Boolean, nullable: false, write: Writable)
            .VisibleWithParent("invoice_id").Build(),

        new ResourceBuilder("invoice_messages", "InvoiceMessage", ResourceKind.PerParent).ShownIn(NavigatorFolder.Invoicing, 4)
            .Id().ChildOf("invoices", "invoice_id").ListedAt("invoices/{parent_id}/messages", "invoice_messages")
            .Field("sent_by", F.String).Field("sent_by_email", F.String).Field("sent_from", F.String).Field("sent_from_email", F.String)
            .Field("recipients", F.Json, write: Writable).Field("subject", F.String, write: Writable).Field("body", F.String, write: Writable)
            .Field("include_link_to_client_invoice", F.Boolean, write: Writable).Field("attach_pdf", F.Boolean, write: Writable)
            .Field("send_me_a_copy", F.Boolean, write: Writable).Field("thank_you", F.Boolean, write: Writable)
            .Field("reminder", F.Boolean, write: Writable).Field("event_type", F.String, write: CreateOnly)
            .Field("send_reminder_on", F.Date, write: Writable)
            .Timestamps().Writes("invoices/{invoice_id}/messages", null, "invoices/{invoice_id}/messages/{id}")
            .VisibleWithParent("invoice_id").Build(),

        new ResourceBuilder("invoice_payments", "InvoicePayment", ResourceKind.PerParent).ShownIn(NavigatorFolder.Invoicing, 3)
            .Id().ChildOf("invoices", "invoice_id").ListedAt("invoices/{parent_id}/payments", "invoice_payments")
            .Field("amount", F.Decimal, nullable: false, write: Required).Field("paid_at", F.Timestamp, write: CreateOnly)
            .Field("paid_date", F.Date, write: CreateOnly).Field("recorded_by", F.String).Field("recorded_by_email", F.String)
            .Field("notes", F.String, write: CreateOnly).Field("transaction_id", F.String)
            .Flat("payment_gateway", ("id", F.Id), ("name", F.String))
            .Timestamps().Writes("invoices/{invoice_id}/payments", null, "invoices/{invoice_id}/payments/{id}")
            .VisibleWithParent("invoice_id").Build(),

        new ResourceBuilder("estimates", "Estimate", ResourceKind.TopLevel).ShownIn(NavigatorFolder.Estimates, 1)
            .Id().Ref("client", "clients", write: Required, embedded: "name")
            .Ref("creator", "users", nullable: true, embedded: "name")
            .Field("client_key", F.String).Field("number", F.String, write: Writable).Field("purchase_order", F.String, write: Writable)
            .Field("amount", F.Decimal).Field("tax", F.Decimal, write: Writable).Field("tax_amount", F.Decimal)
            .Field("tax2", F.Decimal, write: Writable).Field("tax2_amount", F.Decimal)
            .Field("discount", F.Decimal, write: Writable).Field("discount_amount", F.Decimal)
            .Field("subject", F.String, write: Writable).Field("notes", F.String, write: Writable)
            .Field("currency", F.String, write: Writable).Field("state", F.String)
            .Field("issue_date", F.Date, write: Writable).Field("sent_at", F.Timestamp)
            .Field("accepted_at", F.Timestamp).Field("declined_at", F.Timestamp)
            .Timestamps().Paged(Paging.PageNumber).DateWindow("issue_date").StandardWrites()
            .Event("send", "send").Event("accept", "accept").Event("decline", "decline").Event("reopen", "re-open")
            .Grant(Audience.Manager, "client_id", ScopeSet.ManagedProjectClients, EstimatesManager).Build(),

        new ResourceBuilder("estimate_line_items", "EstimateLineItem", ResourceKind.Embedded).ShownIn(NavigatorFolder.Estimates, 2)
            .Id().ChildOf("estimates", "estimate_id").EmbeddedAs("line_items")
            .Field("kind", F.String, write: Required).Field("description", F.String, write: Writable)
            .Field("quantity", F.Decimal, write: Writable).Field("unit_price", F.Decimal, write: Writable)
            .Field("amount", F.Decimal).Field("taxed", F.Boolean, nullable: false, write: Writable)
            .Field("taxed2", F.Boolean, nullable: false, write: Writable)
            .VisibleWithParent("estimate_id").Build(),

        new ResourceBuilder("estimate_messages", "EstimateMessage", ResourceKind.PerParent).ShownIn(NavigatorFolder.Estimates, 3)
            .Id().ChildOf("estimates", "estimate_id").ListedAt("estimates/{parent_id}/messages", "estimate_messages")
            .Field("sent_by", F.String).Field("sent_by_email", F.String).Field("sent_from", F.String).Field("sent_from_email", F.String)
            .Field("recipients", F.Json, write: Writable).Field("subject", F.String, write: Writable).Field("body", F.String, write: Writable)
            .Field("send_me_a_copy", F.Boolean, write: Writable).Field("event_type", F.String, write: CreateOnly)
            .Timestamps().Writes("estimates/{estimate_id}/messages", null, "estimates/{estimate_id}/messages/{id}")
            .VisibleWithParent("estimate_id").Build(),
    ];
}
