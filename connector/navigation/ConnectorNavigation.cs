using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Connector.Navigation;

/// <summary>
/// The connector's navigation tree as JSON, from the catalog: the folders in <see cref="NavigatorFolder"/> order, each
/// listing its entity sets by <see cref="ResourceDefinition.FolderPosition"/>, the singletons (shown as one-row
/// tables), and the report functions of the Reports folder (<see cref="ConnectorReports"/>) with their parameters and
/// the columns of their rows. The same catalog gives the same bytes, so the .mez stays reproducible.
/// </summary>
public static class ConnectorNavigation
{
    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Json()
    {
        var document = new
        {
            folders = EntityCatalog.All
                .GroupBy(r => r.Folder)
                .OrderBy(g => g.Key)
                .Select(g => new { key = g.Key.ToString(), entitySets = g.OrderBy(r => r.FolderPosition).Select(r => r.EntitySet).ToArray() })
                .ToArray(),
            singletons = EntityCatalog.All.Where(r => r.Kind == ResourceKind.Singleton).Select(r => r.EntitySet).ToArray(),
            reports = ConnectorReports.All.Select(Report).ToArray(),
        };
        return JsonSerializer.Serialize(document, Written) + "\n";
    }

    private static object Report(ConnectorReport report) => new
    {
        name = report.Name,
        description = report.Description,
        parameters = report.Parameters.Select(p => new
        {
            name = p.Name,
            type = p.EdmType,
            optional = p.Optional,
            caption = p.Caption,
            description = p.Description,
            sampleValues = p.SampleValues,
            allowedValues = p.AllowedValues,
        }).ToArray(),
        columns = ReportColumns.Of(report.Row).Select(c => new { name = c.Name, type = c.EdmType, nullable = c.Nullable }).ToArray(),
    };

    /// <summary>Writes <see cref="Json"/> to <paramref name="path"/> unless it already holds exactly that (keeps its time for incremental builds).</summary>
    public static void Write(string path)
    {
        string json = Json();
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == json)
            return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
