using System.Text.Json;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace HarvestOData.Server.Tests.Reports;

/// <summary>$metadata and the service document list the ten reports with their parameters and row types, as Power Query's navigator reads them.</summary>
public abstract class ReportMetadataTests(ReportFixture fixture)
{
    private async Task<IEdmModel> ModelAsync()
    {
        using var response = await fixture.GetAsync("/odata/$metadata");
        response.EnsureSuccessStatusCode();
        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return CsdlReader.Parse(xml);
    }

    [Fact]
    public async Task Metadata_lists_each_report_with_its_parameters()
    {
        var model = await ModelAsync();
        foreach (var (name, _) in ReportCollection.Reports)
        {
            var import = Assert.Single(model.EntityContainer.OperationImports(), i => i.Name == name);
            Assert.True(((IEdmFunctionImport)import).IncludeInServiceDocument);
            var function = (IEdmFunction)import.Operation;
            Assert.Equal("HarvestOData", function.Namespace);
            Assert.False(function.IsBound);
            var element = function.GetReturn().Type.AsCollection().ElementType();
            Assert.True(element.IsComplex());
            Assert.Equal($"HarvestOData.{name}Row", element.FullName());
            var parameters = function.Parameters.ToDictionary(p => p.Name, p => p);
            if (name == "ProjectBudgetReport")
            {
                Assert.Equal(["IsActive"], parameters.Keys);
                Assert.IsAssignableFrom<IEdmOptionalParameter>(parameters["IsActive"]);
                continue;
            }
            Assert.Equal("Edm.Date", parameters["From"].Type.FullName());
            Assert.Equal("Edm.Date", parameters["To"].Type.FullName());
            Assert.False(parameters["From"].Type.IsNullable);
            Assert.IsNotAssignableFrom<IEdmOptionalParameter>(parameters["From"]);
            if (name.StartsWith("TimeReport", StringComparison.Ordinal))
            {
                var flag = Assert.IsAssignableFrom<IEdmOptionalParameter>(parameters["IncludeFixedFee"]);
                Assert.Equal("Edm.Boolean", flag.Type.FullName());
                Assert.Equal("true", flag.DefaultValueString);
                Assert.Equal(3, parameters.Count);
            }
            else
            {
                Assert.Equal(2, parameters.Count);
            }
        }
    }

    [Fact]
    public async Task Row_types_name_Harvests_fields_in_PascalCase_typed_as_the_catalog_types_them()
    {
        var model = await ModelAsync();
        var row = (IEdmComplexType)model.FindDeclaredType("HarvestOData.TimeReportClientsRow");
        Assert.Equal(["ClientId", "ClientName", "TotalHours", "BillableHours", "Currency", "BillableAmount"], row.DeclaredProperties.Select(p => p.Name));
        Assert.Equal("Edm.Int64", row.FindProperty("ClientId").Type.FullName());
        Assert.Equal("Edm.Decimal", row.FindProperty("TotalHours").Type.FullName());
        Assert.False(row.FindProperty("TotalHours").Type.IsNullable);
        Assert.True(row.FindProperty("BillableAmount").Type.IsNullable);
        Assert.True(row.FindProperty("Currency").Type.IsNullable);
        var team = (IEdmComplexType)model.FindDeclaredType("HarvestOData.TimeReportTeamRow");
        Assert.Equal("Edm.Boolean", team.FindProperty("IsContractor").Type.FullName());
        Assert.True(team.FindProperty("WeeklyCapacity").Type.IsNullable);
        var budget = (IEdmComplexType)model.FindDeclaredType("HarvestOData.ProjectBudgetReportRow");
        Assert.Equal(["ProjectId", "ProjectName", "ClientId", "ClientName", "BudgetIsMonthly", "BudgetBy", "IsActive", "Budget", "BudgetSpent", "BudgetRemaining"],
            budget.DeclaredProperties.Select(p => p.Name));
        // Every entity set is still there, under its name.
        Assert.NotNull(model.EntityContainer.FindEntitySet("TimeEntries"));
        Assert.NotNull(model.EntityContainer.FindSingleton("Company"));
    }

    [Fact]
    public async Task The_service_document_lists_the_reports_as_function_imports()
    {
        using var response = await fixture.GetAsync("/odata/");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var imports = json.RootElement.GetProperty("value").EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "FunctionImport").Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(ReportCollection.Reports.Select(r => r.Function), imports);
        Assert.Contains(json.RootElement.GetProperty("value").EnumerateArray(), e => e.GetProperty("name").GetString() == "TimeEntries");
    }
}

[Collection(ReportCollection.Name)]
public sealed class ReportMetadataTestsOnSqlite(ReportFixture fixture) : ReportMetadataTests(fixture);

[Collection(PostgresReportCollection.Name)]
public sealed class ReportMetadataTestsOnPostgres(PostgresReportFixture fixture) : ReportMetadataTests(fixture);
