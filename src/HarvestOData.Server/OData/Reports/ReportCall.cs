using HarvestOData.Harvest.Reports;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.OData.Query;
using HarvestOData.Server.OData.Routing;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// A path calling a report (<c>TimeReportClients(From=2026-01-01,To=2026-03-31)</c>, optionally <c>/$count</c>) as
/// ODataLib parsed it, and its parameters checked: each bad one answers 400 naming it, as Harvest's 422 does.
/// </summary>
public sealed record ReportCall(ReportFunction Report, OperationImportSegment Segment, bool IsCount)
{
    /// <summary>The report a path calls, or null when it calls none.</summary>
    public static ReportCall? Of(ODataPath path, ServiceModel model)
    {
        if (path.FirstSegment is not OperationImportSegment segment)
            return null;
        var report = segment.OperationImports.Select(i => model.FindReport(i.Operation)).FirstOrDefault(r => r is not null)
            ?? throw new NotSupportedQueryException($"'{segment.Identifier}' is not a function this service answers.");
        if (path.Count > 2 || (path.Count == 2 && path.LastSegment is not CountSegment))
            throw new NotSupportedQueryException($"Only /$count may follow {report.Name}(…); filter, select and order its rows with query options.");
        return new ReportCall(report, segment, path.Count == 2);
    }

    /// <summary>
    /// Why ODataLib refused a path calling a report, as a 400 naming the parameter: a missing required parameter makes
    /// ODataLib find no such function at all (a 404 "resource not found" that would send a user looking for a typo in
    /// the name), and a value of the wrong type fails without saying which parameter it was. Null when the path calls
    /// no report, or the refusal is about something else.
    /// </summary>
    public static BadQueryException? Refusal(ODataException refused, string relativePath, ServiceModel model)
    {
        string path = Uri.UnescapeDataString(relativePath);
        int open = path.IndexOf('(', StringComparison.Ordinal);
        int close = path.IndexOf(')', StringComparison.Ordinal);
        if (open < 0)
        {
            // TimeReportClients without parentheses: as if called with no parameters.
            open = close = path.IndexOf('/', StringComparison.Ordinal) is >= 0 and var slash ? slash : path.Length;
        }
        if (open <= 0 || close < open)
            return null;
        string name = path[..open];
        var report = model.Reports.FirstOrDefault(r => r.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        if (report is null)
            return null;
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string part in (close > open ? path[(open + 1)..close] : "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                return new BadQueryException($"{report.Name} takes named parameters ({Signature(report)}), not '{part}'.");
            given[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        foreach (var parameter in report.Function.Parameters)
        {
            if (parameter is not IEdmOptionalParameter && !given.ContainsKey(parameter.Name))
                return new BadQueryException($"{report.Name} needs {parameter.Name} ({Signature(report)}).");
        }
        foreach (var (parameterName, text) in given)
        {
            var parameter = report.Function.FindParameter(parameterName);
            if (parameter is null)
                return new BadQueryException($"{report.Name} has no parameter '{parameterName}'; it takes {Signature(report)}.");
            if (text.StartsWith('@'))
                continue;
            try
            {
                ODataUriUtils.ConvertFromUriLiteral(text, ODataVersion.V4, model.Edm, parameter.Type);
            }
            catch (Exception e) when (e is ODataException or FormatException or OverflowException or ArgumentException)
            {
                return new BadQueryException($"{parameter.Name} must be an {parameter.Type.FullName()}, not '{text}' ({Signature(report)}).");
            }
        }
        return refused is ODataUnrecognizedPathException ? new BadQueryException($"{report.Name} could not be called as written; it takes {Signature(report)}.") : null;
    }

    private static string Signature(ReportFunction report) =>
        string.Join(", ", report.Function.Parameters.Select(p => $"{p.Name} {p.Type.FullName()}{(p is IEdmOptionalParameter o ? $" optional{(o.DefaultValueString is { } d ? ", default " + d : "")}" : "")}"));

    /// <summary>The checked parameters; aliases (<c>From=@f</c>) are read from the query (<c>@f=2026-01-01</c>).</summary>
    public ReportArguments Arguments(ParsedRequest request, IEdmModel model)
    {
        var values = Segment.Parameters.ToDictionary(p => p.Name, p => Value(p, request, model), StringComparer.OrdinalIgnoreCase);
        if (!Report.HasWindow)
            return new ReportArguments(null, true, values.GetValueOrDefault(ReportFunction.IsActive) as bool?);
        var from = Day(values, ReportFunction.From);
        var to = Day(values, ReportFunction.To);
        if (to < from)
            throw new BadQueryException($"{ReportFunction.To} ({to:yyyy-MM-dd}) must be on or after {ReportFunction.From} ({from:yyyy-MM-dd}).");
        if (to.DayNumber - from.DayNumber > ReportWindow.MaxDaysApart)
            throw new BadQueryException($"{ReportFunction.To} may be at most {ReportWindow.MaxDaysApart} days after {ReportFunction.From}, as Harvest's reports allow (\"The timeframe supplied cannot exceed 1 year\").");
        bool includeFixedFee = values.GetValueOrDefault(ReportFunction.IncludeFixedFee) switch
        {
            null => true,
            bool flag => flag,
            var other => throw new BadQueryException($"{ReportFunction.IncludeFixedFee} must be true or false, not '{other}'."),
        };
        return new ReportArguments(new ReportWindow(from, to), includeFixedFee, null);
    }

    private DateOnly Day(Dictionary<string, object?> values, string name) => values.GetValueOrDefault(name) switch
    {
        DateOnly day => day,
        null => throw new BadQueryException($"{Report.Name} needs {name} (an Edm.Date, e.g. {name}=2026-01-01)."),
        var other => throw new BadQueryException($"{name} must be an Edm.Date such as 2026-01-01, not '{other}'."),
    };

    private object? Value(OperationSegmentParameter parameter, ParsedRequest request, IEdmModel model)
    {
        var node = parameter.Value;
        while (node is ConvertNode convert)
            node = convert.Source;
        switch (node)
        {
            case ConstantNode constant:
                return EdmValues.Normalize(constant.Value);
            case ParameterAliasNode alias:
                string? text = request.Option(alias.Alias);
                if (text is null)
                    throw new BadQueryException($"{parameter.Name} refers to the alias {alias.Alias}, which the query does not set.");
                var type = Report.Function.FindParameter(parameter.Name)?.Type ?? EdmCoreModel.Instance.GetString(true);
                try
                {
                    object? value = ODataUriUtils.ConvertFromUriLiteral(Uri.UnescapeDataString(text), ODataVersion.V4, model, type);
                    return EdmValues.Normalize(value is ODataNullValue ? null : value);
                }
                catch (ODataException)
                {
                    throw new BadQueryException($"{parameter.Name} ({alias.Alias}={Uri.UnescapeDataString(text)}) is not a valid {type.FullName()}.");
                }
            default:
                return node;
        }
    }
}
