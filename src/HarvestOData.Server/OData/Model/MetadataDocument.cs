using System.Text;
using System.Xml;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Microsoft.OData.Edm.Validation;

namespace HarvestOData.Server.OData.Model;

/// <summary>The CSDL XML of the model, written once (the model is static) without a BOM.</summary>
public sealed class MetadataDocument
{
    public MetadataDocument(ServiceModel model)
    {
        Bytes = Write(model.Edm);
    }

    public byte[] Bytes { get; }

    public static byte[] Write(IEdmModel model)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true };
        using (var writer = XmlWriter.Create(stream, settings))
        {
            if (!CsdlWriter.TryWriteCsdl(model, writer, CsdlTarget.OData, out var errors))
                throw new InvalidOperationException("The EDM model cannot be written as CSDL: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }
        return stream.ToArray();
    }

    /// <summary>
    /// EdmLib's own validation of the model; empty when valid. One rule is left out: EdmLib keeps function imports with
    /// parameters out of the service document, where OData's JSON format lists every function import marked
    /// IncludeInServiceDocument; the reports (OData/Reports) are marked so on purpose, so that clients list them.
    /// </summary>
    public static IReadOnlyList<EdmError> Validate(IEdmModel model)
    {
        var rules = new ValidationRuleSet(ValidationRuleSet.GetEdmModelRuleSet(EdmConstants.EdmVersion4)
            .Where(r => r != ValidationRules.FunctionImportWithParameterShouldNotBeIncludedInServiceDocument));
        model.Validate(rules, out var errors);
        return errors?.ToArray() ?? [];
    }
}
