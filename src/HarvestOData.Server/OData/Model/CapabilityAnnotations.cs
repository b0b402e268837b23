using HarvestOData.Harvest.Catalog;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Vocabularies;
using Microsoft.OData.Edm.Vocabularies.V1;

namespace HarvestOData.Server.OData.Model;

/// <summary>
/// What the service supports, in the Capabilities and Aggregation vocabularies, so a client (AspNetCoreOData's,
/// SAP's, a BI tool) discovers it from <c>$metadata</c> instead of by trial: query options, the filter functions
/// the SQL compiler translates, the <c>$apply</c> transformations, <c>$batch</c>, and per set whether write-back
/// inserts, updates or deletes (from the catalog's Harvest write paths, as the write handler decides). Only
/// annotations and vocabulary references are added; no name or type of the model changes.
/// </summary>
public static class CapabilityAnnotations
{
    private const string Capabilities = "Org.OData.Capabilities.V1";
    private const string Aggregation = "Org.OData.Aggregation.V1";

    /// <summary>The canonical functions OData/Query/Filter translates to SQL.</summary>
    public static readonly string[] FilterFunctions =
    [
        "contains", "startswith", "endswith", "length", "indexof", "substring", "tolower", "toupper", "trim", "concat",
        "year", "month", "day", "hour", "minute", "second", "fractionalseconds", "totaloffsetminutes", "date", "time", "now",
        "round", "floor", "ceiling", "cast", "isof",
    ];

    /// <summary>The <c>$apply</c> transformations OData/Query/Apply compiles.</summary>
    public static readonly string[] Transformations = ["aggregate", "groupby", "filter", "compute", "orderby", "top", "skip", "identity", "concat"];

    /// <summary>
    /// The one Aggregation term used, declared in a model the service model references (EdmLib ships no Aggregation
    /// vocabulary): it resolves for validation, and CSDL writes only the edmx:Reference, never a copy of the term.
    /// </summary>
    private static readonly EdmModel AggregationVocabulary = DeclareAggregation();

    private static EdmModel DeclareAggregation()
    {
        var vocabulary = new EdmModel();
        var type = new EdmComplexType(Aggregation, "ApplySupportedType");
        type.AddStructuralProperty("Transformations", new EdmCollectionTypeReference(new EdmCollectionType(EdmCoreModel.Instance.GetString(false))));
        vocabulary.AddElement(type);
        vocabulary.AddElement(new EdmTerm(Aggregation, "ApplySupported", new EdmComplexTypeReference(type, true)));
        return vocabulary;
    }

    public static void Annotate(EdmModel model, EdmEntityContainer container, IReadOnlyList<EntitySetMap> sets)
    {
        model.AddReferencedModel(AggregationVocabulary);
        model.SetEdmReferences(
        [
            Reference("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Capabilities.V1.xml", Capabilities, "Capabilities"),
            Reference("https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Aggregation.V1.xml", Aggregation, "Aggregation"),
        ]);

        Add(model, container, Capabilities, "TopSupported", True);
        Add(model, container, Capabilities, "SkipSupported", True);
        Add(model, container, Capabilities, "ComputeSupported", True);
        Add(model, container, Capabilities, "BatchSupported", True);
        Add(model, container, Capabilities, "BatchSupport", Record(
            ("Supported", True),
            ("ReferencesAcrossChangeSetsSupported", True),
            ("SupportedFormats", Strings("multipart/mixed", "application/json"))));
        Add(model, container, Capabilities, "FilterFunctions", Strings(FilterFunctions));
        Add(model, container, Capabilities, "FilterRestrictions", Record(("Filterable", True)));
        Add(model, container, Capabilities, "SortRestrictions", Record(("Sortable", True)));
        Add(model, container, Capabilities, "CountRestrictions", Record(("Countable", True)));
        Add(model, container, Capabilities, "ExpandRestrictions", Record(("Expandable", True)));
        Add(model, container, Capabilities, "SelectSupport", Record(
            ("Supported", True), ("InstanceAnnotationsSupported", False), ("Expandable", True), ("Filterable", True), ("Searchable", True),
            ("TopSupported", True), ("SkipSupported", True), ("ComputeSupported", True), ("Countable", True), ("Sortable", True)));
        Add(model, container, Aggregation, "ApplySupported", Record(("Transformations", Strings(Transformations))));

        foreach (var set in sets)
        {
            var target = (IEdmVocabularyAnnotatable)set.NavigationSource;
            var resource = set.Resource;
            // Embedded rows (invoice line items) are written through their parent, which the write handler does for them.
            bool embedded = resource.Kind == ResourceKind.Embedded;
            Add(model, target, Capabilities, "SearchRestrictions", Record(("Searchable", Bool(set.SearchColumns.Count > 0))));
            if (!set.IsSingleton)
                Add(model, target, Capabilities, "InsertRestrictions", Record(("Insertable", Bool(resource.CreatePath is not null || embedded))));
            Add(model, target, Capabilities, "UpdateRestrictions", Record(("Updatable", Bool(resource.UpdatePath is not null || embedded))));
            if (!set.IsSingleton)
                Add(model, target, Capabilities, "DeleteRestrictions", Record(("Deletable", Bool(resource.DeletePath is not null || embedded))));
        }
    }

    private static EdmBooleanConstant True => new(true);

    private static EdmBooleanConstant False => new(false);

    private static EdmBooleanConstant Bool(bool value) => new(value);

    private static EdmCollectionExpression Strings(params string[] values) => new(values.Select(v => (IEdmExpression)new EdmStringConstant(v)));

    private static EdmRecordExpression Record(params (string Name, IEdmExpression Value)[] properties) =>
        new(properties.Select(p => (IEdmPropertyConstructor)new EdmPropertyConstructor(p.Name, p.Value)));

    private static EdmReference Reference(string uri, string ns, string alias)
    {
        var reference = new EdmReference(new Uri(uri));
        reference.AddInclude(new EdmInclude(alias, ns));
        return reference;
    }

    /// <summary>Inline, next to its target; the term from EdmLib's copy of the vocabulary where it has it.</summary>
    private static void Add(EdmModel model, IEdmVocabularyAnnotatable target, string ns, string name, IEdmExpression value)
    {
        var term = CapabilitiesVocabularyModel.Instance.FindDeclaredTerm(ns + "." + name)
                   ?? AggregationVocabulary.FindDeclaredTerm(ns + "." + name)
                   ?? throw new InvalidOperationException($"The term {ns}.{name} is not declared.");
        var annotation = new EdmVocabularyAnnotation(target, term, value);
        annotation.SetSerializationLocation(model, EdmVocabularyAnnotationSerializationLocation.Inline);
        model.SetVocabularyAnnotation(annotation);
    }
}
