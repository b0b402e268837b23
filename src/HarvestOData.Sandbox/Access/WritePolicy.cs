using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Access;

/// <summary>
/// Who may write what (docs/harvest.md#roles-and-visibility): administrators everything; members their own time entries and expenses;
/// managers their own and their managed projects' time and expenses, their managed projects and assignments, and
/// the clients, tasks, invoices, estimates and billable rates their extra access roles open.
/// </summary>
internal static class WritePolicy
{
    private const string ProjectCreator = "project_creator";
    private const string ClientAndTaskManager = "client_and_task_manager";
    private const string InvoiceManager = "managed_projects_invoice_manager";
    private const string EstimatesManager = "estimates_manager";
    private const string BillableRatesManager = "billable_rates_manager";

    /// <summary>Whether the role may write this resource at all (checked before the body is validated).</summary>
    public static bool MayWrite(Caller caller, string resource, WriteKind kind)
    {
        if (caller.IsAdministrator)
            return true;
        bool manager = caller.Role == UserPermissions.Manager;
        return resource switch
        {
            "time_entries" or "expenses" => true,
            "projects" => manager && (kind != WriteKind.Create || caller.Has(ProjectCreator)),
            "task_assignments" or "user_assignments" => manager,
            "clients" or "contacts" or "tasks" => manager && caller.Has(ClientAndTaskManager),
            "invoices" or "invoice_messages" or "invoice_payments" => manager && caller.Has(InvoiceManager),
            "estimates" or "estimate_messages" => manager && caller.Has(EstimatesManager),
            "billable_rates" => manager && caller.Has(BillableRatesManager),
            _ => false,
        };
    }

    /// <summary>Whether the caller may write the row with these values (the merged row on update).</summary>
    public static bool Allows(SandboxStore store, CallerScope scope, string resource, WriteKind kind, Func<string, long?> value)
    {
        var caller = scope.Caller;
        if (caller.IsAdministrator)
            return true;
        if (!MayWrite(caller, resource, kind))
            return false;
        bool manager = caller.Role == UserPermissions.Manager;
        return resource switch
        {
            "time_entries" or "expenses" =>
                value("user_id") == caller.UserId || (manager && In(scope, ScopeSet.ManagedProjects, value("project_id"))),
            "projects" => kind == WriteKind.Create || In(scope, ScopeSet.ManagedProjects, value("id")),
            "task_assignments" or "user_assignments" => In(scope, ScopeSet.ManagedProjects, value("project_id")),
            "invoices" or "estimates" => In(scope, ScopeSet.ManagedProjectClients, value("client_id")),
            "invoice_messages" or "invoice_payments" => ParentClientManaged(store, scope, "invoices", value("invoice_id")),
            "estimate_messages" => ParentClientManaged(store, scope, "estimates", value("estimate_id")),
            "billable_rates" => In(scope, ScopeSet.ManagedProjectUsers, value("user_id")),
            _ => true,
        };
    }

    private static bool In(CallerScope scope, ScopeSet set, long? id) => id is { } found && scope[set].Contains(found);

    private static bool ParentClientManaged(SandboxStore store, CallerScope scope, string parent, long? parentId)
    {
        var table = store[parent];
        int row = parentId is { } id ? table.Find(id) : -1;
        return row >= 0 && In(scope, ScopeSet.ManagedProjectClients, table.Column<LongColumn>("client_id")[row]);
    }
}
