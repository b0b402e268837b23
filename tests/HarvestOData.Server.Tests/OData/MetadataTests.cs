using System.Text;
using System.Xml;
using HarvestOData.Server.OData.Model;
using HarvestOData.Server.Tests.Support;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;

namespace HarvestOData.Server.Tests.OData;

public abstract class MetadataTests(ODataFixture fixture)
{
    private const string PowerQueryAccept =
        "application/json;odata.metadata=minimal;q=1.0,application/json;odata=minimalmetadata;q=0.9,application/atomsvc+xml;q=0.8,application/atom+xml;q=0.8,application/xml;q=0.7,text/plain;q=0.7";

    [Fact]
    public async Task Metadata_is_the_checked_in_baseline_byte_for_byte()
    {
        using var response = await fixture.GetAsync("/odata/$metadata");
        byte[] served = await response.Content.ReadAsByteArrayAsync();
        byte[] baseline = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Baselines", "metadata.xml"));
        if (!served.AsSpan().SequenceEqual(baseline))
        {
            string actual = Path.Combine(Path.GetTempPath(), "harvestodata-metadata.actual.xml");
            await File.WriteAllBytesAsync(actual, served);
            Assert.Fail($"$metadata differs from tests/HarvestOData.Server.Tests/Baselines/metadata.xml; the served document is in {actual}. " +
                        "If the change is intended (a catalog change), copy it over the baseline.");
        }
    }

    [Fact]
    public async Task Metadata_is_xml_without_bom_even_when_json_is_preferred()
    {
        using var response = await fixture.GetAsync("/odata/$metadata", accept: PowerQueryAccept);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(["4.0"], response.Headers.GetValues("OData-Version"));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        Assert.False(body.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "The CSDL starts with a BOM.");
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", Encoding.UTF8.GetString(body));
    }

    [Fact]
    public void Model_passes_EdmLib_validation()
    {
        Assert.Empty(MetadataDocument.Validate(ServiceModel.Default.Edm));
        Assert.True(CsdlReader.TryParse(XmlReader.Create(new MemoryStream(MetadataDocument.Write(ServiceModel.Default.Edm))), out var parsed, out var errors), string.Join("; ", errors ?? []));
        Assert.Empty(MetadataDocument.Validate(parsed));
    }

    [Fact]
    public void Model_types_follow_the_catalog()
    {
        var model = fixture.Model;
        var entry = (IEdmEntityType)model.FindType("HarvestOData.TimeEntry");
        Assert.Equal("Edm.Int64", entry.FindProperty("Id").Type.FullName());
        Assert.False(entry.FindProperty("Id").Type.IsNullable);
        Assert.Equal("Edm.Date", entry.FindProperty("SpentDate").Type.FullName());
        Assert.Equal("Edm.DateTimeOffset", entry.FindProperty("UpdatedAt").Type.FullName());
        Assert.Equal("Edm.Decimal", entry.FindProperty("Hours").Type.FullName());
        Assert.Null(((IEdmDecimalTypeReference)entry.FindProperty("Hours").Type).Scale);
        Assert.Equal("Edm.Boolean", entry.FindProperty("Billable").Type.FullName());
        Assert.Equal("Edm.String", entry.FindProperty("StartedTime").Type.FullName());
        Assert.True(entry.FindProperty("Notes").Type.IsNullable);
        Assert.Single(entry.Key());
        Assert.Equal("Id", entry.Key().Single().Name);
    }

    [Fact]
    public void Foreign_keys_become_navigations_both_ways_with_referential_constraints()
    {
        var model = fixture.Model;
        var entry = (IEdmEntityType)model.FindType("HarvestOData.TimeEntry");
        var project = (IEdmNavigationProperty)entry.FindProperty("Project");
        Assert.Equal("HarvestOData.Project", project.ToEntityType().FullName());
        Assert.Equal("ProjectId", project.DependentProperties().Single().Name);
        Assert.Equal("TimeEntries", project.Partner.Name);
        Assert.True(project.Partner.Type.IsCollection());

        var invoice = (IEdmEntityType)model.FindType("HarvestOData.Invoice");
        Assert.NotNull(invoice.FindProperty("InvoiceLineItems"));
        Assert.NotNull(invoice.FindProperty("InvoicePayments"));
        Assert.NotNull(invoice.FindProperty("InvoiceMessages"));
        var role = (IEdmEntityType)model.FindType("HarvestOData.Role");
        var users = (IEdmNavigationProperty)role.FindProperty("Users");
        Assert.Equal("LinkedRoles", users.Partner.Name);
        Assert.Equal(EdmPropertyKind.Structural, ((IEdmEntityType)model.FindType("HarvestOData.User")).FindProperty("Roles").PropertyKind);
    }

    [Fact]
    public async Task The_connector_served_with_the_server_navigates_to_every_entity_set_and_singleton_once()
    {
        using var response = await fixture.GetAsync("/connector/HarvestOData.mez");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var mez = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        await using var json = await mez.GetEntry("navigation.json")!.OpenAsync();
        using var navigation = await System.Text.Json.JsonDocument.ParseAsync(json);
        var listed = navigation.RootElement.GetProperty("folders").EnumerateArray()
            .SelectMany(f => f.GetProperty("entitySets").EnumerateArray().Select(s => s.GetString()!)).ToList();
        var singletons = navigation.RootElement.GetProperty("singletons").EnumerateArray().Select(s => s.GetString()!).ToList();

        var container = fixture.Model.EntityContainer;
        var served = container.EntitySets().Select(s => s.Name).Concat(container.Singletons().Select(s => s.Name));
        Assert.Equal(served.Order(), listed.Order());
        Assert.Equal(container.Singletons().Select(s => s.Name).Order(), singletons.Order());
    }

    [Fact]
    public async Task The_connectors_reports_call_the_servers_report_functions_with_their_parameters_and_columns()
    {
        using var response = await fixture.GetAsync("/connector/HarvestOData.mez");
        using var mez = new System.IO.Compression.ZipArchive(await response.Content.ReadAsStreamAsync());
        await using var json = await mez.GetEntry("navigation.json")!.OpenAsync();
        using var navigation = await System.Text.Json.JsonDocument.ParseAsync(json);
        var reports = navigation.RootElement.GetProperty("reports").EnumerateArray().ToList();

        var imports = fixture.Model.EntityContainer.OperationImports().OfType<IEdmFunctionImport>().ToList();
        Assert.Equal(imports.Select(i => i.Name).Order(), reports.Select(r => r.GetProperty("name").GetString()!).Order());
        foreach (var report in reports)
        {
            var function = imports.Single(i => i.Name == report.GetProperty("name").GetString()).Function;
            // The form's parameters are the function's, in its order; an empty optional one is left out of the call.
            var parameters = report.GetProperty("parameters").EnumerateArray()
                .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("type").GetString()!, p.GetProperty("optional").GetBoolean()));
            var declared = function.Parameters.Select(p => (p.Name, p.Type.FullName(), p is IEdmOptionalParameter));
            Assert.Equal(declared, parameters);
            // The columns the navigator shows before the first call are the rows' properties.
            var row = (IEdmComplexType)function.GetReturn().Type.AsCollection().ElementType().Definition;
            var columns = report.GetProperty("columns").EnumerateArray()
                .Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!, c.GetProperty("nullable").GetBoolean()));
            Assert.Equal(row.StructuralProperties().Select(p => (p.Name, p.Type.FullName(), p.Type.IsNullable)), columns);
        }
    }

    [Fact]
    public void Every_design_entity_set_and_the_company_singleton_exist()
    {
        string[] sets = ["TimeEntries", "Projects", "Clients", "Contacts", "Tasks", "Users", "Roles", "TaskAssignments", "UserAssignments",
            "Expenses", "ExpenseCategories", "Invoices", "InvoiceLineItems", "InvoicePayments", "InvoiceMessages", "InvoiceItemCategories",
            "Estimates", "EstimateLineItems", "EstimateMessages", "EstimateItemCategories", "BillableRates", "CostRates"];
        foreach (string set in sets)
            Assert.NotNull(fixture.Model.EntityContainer.FindEntitySet(set));
        Assert.NotNull(fixture.Model.EntityContainer.FindSingleton("Company"));
    }

    [Fact]
    public void Two_keys_to_one_target_get_distinct_partner_names()
    {
        var resources = HarvestOData.Harvest.Catalog.EntityCatalog.All.Where(r => r.Name is "users" or "company").ToList();
        var source = new HarvestOData.Harvest.Catalog.ResourceDefinition
        {
            Name = "reviews",
            EntityType = "Review",
            Kind = HarvestOData.Harvest.Catalog.ResourceKind.TopLevel,
            Fields =
            [
                new("id", HarvestOData.Harvest.Catalog.FieldType.Id, ["id"], Nullable: false),
                new("author_id", HarvestOData.Harvest.Catalog.FieldType.Id, ["author", "id"], References: "users"),
                new("reviewer_id", HarvestOData.Harvest.Catalog.FieldType.Id, ["reviewer", "id"], References: "users"),
            ],
        };
        var model = ServiceModelBuilder.Build(resources.Append(source));
        var user = model.Set("Users").Type;
        Assert.NotNull(user.FindProperty("AuthorReviews"));
        Assert.NotNull(user.FindProperty("ReviewerReviews"));
        Assert.Empty(MetadataDocument.Validate(model.Edm));
    }

    private static readonly System.Xml.Linq.XNamespace Edm = "http://docs.oasis-open.org/odata/ns/edm";

    private async Task<System.Xml.Linq.XDocument> ServedCsdl()
    {
        using var response = await fixture.GetAsync("/odata/$metadata");
        return System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The annotation of <paramref name="term"/> (full name) on the target, written with the namespace or its alias.</summary>
    private static System.Xml.Linq.XElement? Annotation(System.Xml.Linq.XElement target, string term) =>
        target.Elements(Edm + "Annotation").SingleOrDefault(a => ((string?)a.Attribute("Term"))?.Replace("Capabilities.", "Org.OData.Capabilities.V1.", StringComparison.Ordinal)
            .Replace("Aggregation.", "Org.OData.Aggregation.V1.", StringComparison.Ordinal).Replace("Org.OData.Org.OData.", "Org.OData.", StringComparison.Ordinal) == term);

    private static IEnumerable<string> Strings(System.Xml.Linq.XElement? element) =>
        element?.Descendants(Edm + "String").Select(s => s.Value) ?? [];

    private static bool? Flag(System.Xml.Linq.XElement? record, string property)
    {
        var value = record?.Descendants(Edm + "PropertyValue").SingleOrDefault(p => (string?)p.Attribute("Property") == property);
        return value is null ? null : bool.Parse((string?)value.Attribute("Bool") ?? value.Element(Edm + "Bool")!.Value);
    }

    [Fact]
    public async Task Capabilities_and_aggregation_annotations_advertise_what_the_service_does()
    {
        var csdl = await ServedCsdl();
        System.Xml.Linq.XNamespace edmx = "http://docs.oasis-open.org/odata/ns/edmx";
        var included = csdl.Root!.Elements(edmx + "Reference").SelectMany(r => r.Elements(edmx + "Include")).Select(i => (string?)i.Attribute("Namespace")).ToList();
        Assert.Contains("Org.OData.Capabilities.V1", included);
        Assert.Contains("Org.OData.Aggregation.V1", included);

        var container = csdl.Descendants(Edm + "EntityContainer").Single();
        foreach (string tag in new[] { "TopSupported", "SkipSupported", "ComputeSupported", "BatchSupported" })
            Assert.Equal("true", (string?)Annotation(container, "Org.OData.Capabilities.V1." + tag)?.Attribute("Bool"));
        Assert.Superset(new HashSet<string> { "contains", "startswith", "year", "isof", "cast", "round" },
            Strings(Annotation(container, "Org.OData.Capabilities.V1.FilterFunctions")).ToHashSet());
        Assert.Equal(new[] { "aggregate", "compute", "concat", "filter", "groupby", "identity", "orderby", "skip", "top" },
            Strings(Annotation(container, "Org.OData.Aggregation.V1.ApplySupported")).Order());
        Assert.True(Flag(Annotation(container, "Org.OData.Capabilities.V1.CountRestrictions"), "Countable"));
        Assert.True(Flag(Annotation(container, "Org.OData.Capabilities.V1.SelectSupport"), "Supported"));
    }

    [Fact]
    public async Task Each_set_says_whether_it_takes_inserts_updates_and_deletes_as_write_back_does()
    {
        var csdl = await ServedCsdl();
        var container = csdl.Descendants(Edm + "EntityContainer").Single();
        foreach (var resource in HarvestOData.Harvest.Catalog.EntityCatalog.All)
        {
            var element = container.Elements().Single(e => (string?)e.Attribute("Name") == resource.EntitySet);
            bool embedded = resource.Kind == HarvestOData.Harvest.Catalog.ResourceKind.Embedded;
            bool singleton = element.Name.LocalName == "Singleton";
            // A singleton is neither inserted nor deleted: it carries UpdateRestrictions only.
            Assert.Equal(singleton ? (bool?)null : resource.CreatePath is not null || embedded, Flag(Annotation(element, "Org.OData.Capabilities.V1.InsertRestrictions"), "Insertable"));
            Assert.Equal(resource.UpdatePath is not null || embedded, Flag(Annotation(element, "Org.OData.Capabilities.V1.UpdateRestrictions"), "Updatable"));
            Assert.Equal(singleton ? (bool?)null : resource.DeletePath is not null || embedded, Flag(Annotation(element, "Org.OData.Capabilities.V1.DeleteRestrictions"), "Deletable"));
        }
    }
}

[Collection(ODataCollection.Name)]
public sealed class MetadataTestsOnSqlite(ODataFixture fixture) : MetadataTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class MetadataTestsOnPostgres(PostgresODataFixture fixture) : MetadataTests(fixture);
