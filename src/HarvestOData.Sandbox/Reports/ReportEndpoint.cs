using System.Globalization;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.Reports;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Protocol;
using HarvestOData.Sandbox.Reading;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reports;

/// <summary>
/// <c>GET /v2/reports/…</c>: Harvest's parameters and validation (from/to except for project_budget, a year at most,
/// include_fixed_fee, is_active, page/per_page ≤ 2000), the rows of <see cref="HarvestReports"/> for the caller, and
/// Harvest's page-number envelope under <c>results</c>.
/// </summary>
internal static class ReportEndpoint
{
    public static SandboxAnswer Answer(SandboxStore store, SandboxCall call, CallerScope scope)
    {
        if (!call.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) || !ReportPaths.ByPath.TryGetValue(call.Path.Trim('/'), out var kind))
            throw SandboxProblem.NotFound();
        var parameters = ListParameters.Parse(call.Query);
        var viewer = ViewerOf(scope);
        var facts = ReportFactsReader.Read(store);
        string uri = new Uri(call.BaseUri, ReportPaths.PathOf(kind)).ToString();
        if (kind == ReportKind.ProjectBudget)
        {
            bool? isActive = parameters.Filters.TryGetValue("is_active", out var active) ? Flag("is_active", active) : null;
            return Page(HarvestReports.ProjectBudget(facts, viewer, store.Today, isActive), parameters, uri);
        }
        var window = ReportWindow.Parse(parameters.Filters.GetValueOrDefault("from"), parameters.Filters.GetValueOrDefault("to"), out string? error);
        if (error is not null)
            throw SandboxProblem.Invalid(error);
        bool fixedFee = !parameters.Filters.TryGetValue("include_fixed_fee", out var fee) || Flag("include_fixed_fee", fee);
        return kind switch
        {
            ReportKind.TimeClients => Page(HarvestReports.TimeClients(facts, viewer, window, fixedFee), parameters, uri),
            ReportKind.TimeProjects => Page(HarvestReports.TimeProjects(facts, viewer, window, fixedFee), parameters, uri),
            ReportKind.TimeTasks => Page(HarvestReports.TimeTasks(facts, viewer, window, fixedFee), parameters, uri),
            ReportKind.TimeTeam => Page(HarvestReports.TimeTeam(facts, viewer, window, fixedFee), parameters, uri),
            ReportKind.ExpenseClients => Page(HarvestReports.ExpenseClients(facts, viewer, window), parameters, uri),
            ReportKind.ExpenseProjects => Page(HarvestReports.ExpenseProjects(facts, viewer, window), parameters, uri),
            ReportKind.ExpenseCategories => Page(HarvestReports.ExpenseCategories(facts, viewer, window), parameters, uri),
            ReportKind.ExpenseTeam => Page(HarvestReports.ExpenseTeam(facts, viewer, window), parameters, uri),
            ReportKind.Uninvoiced => viewer.MayReadUninvoiced
                ? Page(HarvestReports.Uninvoiced(facts, viewer, window, fixedFee), parameters, uri)
                : throw SandboxProblem.Forbidden(),
            _ => throw SandboxProblem.NotFound(),
        };
    }

    /// <summary>
    /// The caller as the report rules see it. The catalog keeps no teammate links, so a manager's people are those of
    /// the projects they manage, which the managed-projects rule already covers.
    /// </summary>
    private static ReportViewer ViewerOf(CallerScope scope)
    {
        var caller = scope.Caller;
        IReadOnlySet<string> roles = caller.IsSystem ? new HashSet<string>([UserPermissions.Administrator], StringComparer.Ordinal) : caller.AccessRoles;
        return new ReportViewer(caller.UserId, roles, scope[ScopeSet.ManagedProjects], scope[ScopeSet.AssignedProjects], new HashSet<long>());
    }

    private static bool Flag(string name, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw SandboxProblem.Invalid($"The {name} parameter must be true or false."),
    };

    private static SandboxAnswer Page<TRow>(IReadOnlyList<TRow> rows, ListParameters parameters, string uri)
    {
        int perPage = parameters.PerPage;
        int page = parameters.Page ?? 1;
        int totalPages = Math.Max(1, (rows.Count + perPage - 1) / perPage);
        var slice = rows.Skip((int)Math.Min((long)(page - 1) * perPage, rows.Count)).Take(perPage).ToList();
        int? next = page < totalPages ? page + 1 : null;
        int? previous = page > 1 ? page - 1 : null;
        string Link(int number) => LinkTo(uri, parameters, number);
        var links = new ReportLinks(Link(1), next is { } n ? Link(n) : null, previous is { } p ? Link(p) : null, Link(totalPages));
        var body = ReportJson.Write(new ReportPage<TRow>(slice, perPage, totalPages, rows.Count, next, previous, page, links));
        return new SandboxAnswer(200, body);
    }

    /// <summary>Harvest's links: the caller's parameters plus page and per_page, sorted by name.</summary>
    private static string LinkTo(string uri, ListParameters parameters, int page)
    {
        var parts = parameters.Filters.Select(f => (f.Key, f.Value))
            .Append(("page", page.ToString(CultureInfo.InvariantCulture)))
            .Append(("per_page", parameters.PerPage.ToString(CultureInfo.InvariantCulture)))
            .OrderBy(p => p.Item1, StringComparer.Ordinal)
            .Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}");
        return uri + "?" + string.Join('&', parts);
    }
}
