namespace HarvestOData.Connector.Navigation;

/// <summary>
/// One parameter of a report function as the navigator's parameter form shows it: its OData name and EDM type (the
/// function's URL names it so), whether it may be left empty, and the caption, description, sample values and allowed
/// values Power Query's documentation metadata carries. An empty optional parameter is left out of the URL, so the
/// server applies Harvest's default.
/// </summary>
public sealed record ReportParameter(
    string Name,
    string EdmType,
    bool Optional,
    string Caption,
    string Description,
    IReadOnlyList<object> SampleValues,
    IReadOnlyList<object>? AllowedValues = null)
{
    /// <summary>From: first day of the window, inclusive (Harvest's <c>from</c>).</summary>
    public static ReportParameter From { get; } = new(
        "From", "Edm.Date", Optional: false, "From",
        "First day of the report, inclusive (Harvest's from). From and To may be at most one year apart.",
        ["2026-01-01"]);

    /// <summary>To: last day of the window, inclusive (Harvest's <c>to</c>).</summary>
    public static ReportParameter To { get; } = new(
        "To", "Edm.Date", Optional: false, "To",
        "Last day of the report, inclusive (Harvest's to). For a report up to today, use DateTime.Date(DateTime.LocalNow()).",
        ["2026-03-31"]);

    /// <summary>Harvest's <c>include_fixed_fee</c> on the time reports (default true).</summary>
    public static ReportParameter IncludeFixedFee { get; } = new(
        "IncludeFixedFee", "Edm.Boolean", Optional: true, "Include fixed-fee projects",
        "Whether time on fixed-fee projects counts (Harvest's include_fixed_fee). Leave empty for Harvest's default, true.",
        [true], AllowedValues: [true, false]);

    /// <summary>Harvest's <c>is_active</c> on the project budget report (omitted: every project).</summary>
    public static ReportParameter IsActive { get; } = new(
        "IsActive", "Edm.Boolean", Optional: true, "Active projects",
        "true: active projects only; false: archived projects only; empty: every project (Harvest's is_active).",
        [true], AllowedValues: [true, false]);
}
