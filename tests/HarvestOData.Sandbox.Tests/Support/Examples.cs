using System.Text.Json.Nodes;

namespace HarvestOData.Sandbox.Tests.Support;

/// <summary>The official Harvest example payloads in <c>tests/fixtures/harvest-examples</c>.</summary>
public static class Examples
{
    private static readonly Lazy<string> Folder = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HarvestOData.sln")))
                return Path.GetFullPath(Path.Combine(directory.FullName, "tests", "fixtures", "harvest-examples"));
        }
        throw new DirectoryNotFoundException("HarvestOData.sln not found above " + AppContext.BaseDirectory);
    });

    public static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder.Value, file)))!;
}
