using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Reports;

/// <summary>
/// Who asks for a report, with the id sets the role rules need. <paramref name="ManagedProjectIds"/> are the projects the
/// user is an active project manager of, <paramref name="AssignedProjectIds"/> every project with an active user assignment,
/// <paramref name="TeammateIds"/> the people the user manages (empty when the account has none).
/// </summary>
public sealed record ReportViewer(
    long UserId,
    IReadOnlySet<string> AccessRoles,
    IReadOnlySet<long> ManagedProjectIds,
    IReadOnlySet<long> AssignedProjectIds,
    IReadOnlySet<long> TeammateIds)
{
    public string Role { get; } = UserPermissions.PrimaryRole(AccessRoles);

    public bool IsAdministrator => Role == UserPermissions.Administrator;

    public bool IsManager => Role == UserPermissions.Manager;

    /// <summary>Currency and money columns: administrators, and managers with the billable-rates permission.</summary>
    public bool SeesAmounts => IsAdministrator || (IsManager && AccessRoles.Contains(ReportPermissions.BillableRatesManager));

    /// <summary>The uninvoiced report: administrators, and managers who may draft or manage invoices for their projects.</summary>
    public bool MayReadUninvoiced => IsAdministrator
        || (IsManager && (AccessRoles.Contains(ReportPermissions.InvoiceManager) || AccessRoles.Contains(ReportPermissions.InvoiceDrafter)));
}

/// <summary>The optional manager permissions the reports look at (Harvest's <c>access_roles</c> names).</summary>
public static class ReportPermissions
{
    public const string BillableRatesManager = "billable_rates_manager";
    public const string InvoiceManager = "managed_projects_invoice_manager";
    public const string InvoiceDrafter = "managed_projects_invoice_drafter";
}
