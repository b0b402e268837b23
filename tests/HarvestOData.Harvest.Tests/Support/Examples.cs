namespace HarvestOData.Harvest.Tests.Support;

/// <summary>Harvest's official example payloads in <c>tests/fixtures/harvest-examples</c>.</summary>
public static class Examples
{
    public static string Folder { get; } = Locate();

    public static IEnumerable<string> Files => Directory.EnumerateFiles(Folder, "*.json").Order();

    public static string Text(string fileName) => File.ReadAllText(Path.Combine(Folder, fileName));

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HarvestOData.sln")))
            {
                string folder = Path.GetFullPath(Path.Combine(dir.FullName, "tests", "fixtures", "harvest-examples"));
                return Directory.Exists(folder)
                    ? folder
                    : throw new DirectoryNotFoundException($"The Harvest example payloads are missing: {folder}");
            }
        }
        throw new DirectoryNotFoundException($"No HarvestOData.sln above {AppContext.BaseDirectory}.");
    }
}
