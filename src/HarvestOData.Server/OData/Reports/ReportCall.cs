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
