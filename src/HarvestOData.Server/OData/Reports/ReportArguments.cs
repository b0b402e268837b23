using HarvestOData.Harvest.Reports;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// A report call's parameters once checked: the window (<c>From</c>/<c>To</c>, inclusive, at most
/// <see cref="ReportWindow.MaxDaysApart"/> days apart as Harvest takes them), <c>IncludeFixedFee</c> (default true) and
/// <c>IsActive</c> (null: every project).
/// </summary>
public sealed record ReportArguments(ReportWindow? Window, bool IncludeFixedFee, bool? IsActive);
