using System.Reflection;
using HarvestOData.Harvest.Reports;
using HarvestOData.Server.OData.Model;
using Microsoft.OData.Edm;

namespace HarvestOData.Server.OData.Reports;

/// <summary>
/// Declares the ten reports in the model: per report a complex row type, an unbound composable function returning a
/// collection of it, and a function import listed in the service document, so Power Query's navigator shows each with
/// its parameters. Functions rather than entity sets: a report has parameters and no identity of its own.
/// </summary>
public static class ReportDeclarations
{
    public static IReadOnlyList<ReportFunction> Declare(EdmModel model, EdmEntityContainer container)
    {
        var nullability = new NullabilityInfoContext();
        var core = EdmCoreModel.Instance;
        var reports = new List<ReportFunction>();
        foreach (var (kind, name, row) in ReportFunctionName.All)
        {
            var rowType = new EdmComplexType(ServiceModel.Namespace, name + "Row");
            var columns = new List<ReportColumn>();
            foreach (var property in row.GetConstructors().Single().GetParameters()
                         .Select(p => row.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance)!))
            {
                var (type, valueKind) = ReportFunction.EdmTypeOf(property, nullability);
                columns.Add(new ReportColumn(rowType.AddStructuralProperty(property.Name, type), valueKind));
            }
            model.AddElement(rowType);

            var returns = EdmCoreModel.GetCollection(new EdmComplexTypeReference(rowType, false));
            // Composable so that /$count may follow the call; nothing else can (the rows have no navigations).
            var function = new EdmFunction(ServiceModel.Namespace, name, returns, isBound: false, entitySetPathExpression: null, isComposable: true);
            if (kind == Harvest.Reports.ReportKind.ProjectBudget)
            {
                // Omitted: every project, as Harvest's endpoint without is_active.
                function.AddOptionalParameter(ReportFunction.IsActive, core.GetBoolean(true));
            }
            else
            {
                function.AddParameter(ReportFunction.From, core.GetDate(false));
                function.AddParameter(ReportFunction.To, core.GetDate(false));
            }
            var report = new ReportFunction(kind, name, rowType, columns, function);
            if (report.IsTimeReport)
                function.AddOptionalParameter(ReportFunction.IncludeFixedFee, core.GetBoolean(false), "true");
            model.AddElement(function);
            container.AddFunctionImport(name, function, entitySet: null, includeInServiceDocument: true);
            reports.Add(report);
        }
        return reports;
    }
}
