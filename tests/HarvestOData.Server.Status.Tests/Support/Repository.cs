namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>Where test artifacts go: <c>tests/artifacts/</c> of the repository (git-ignored).</summary>
public static class Repository
{
    public static string Artifacts
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HarvestOData.sln")))
                    return Path.Combine(dir.FullName, "tests", "artifacts");
            }
            return Path.Combine(AppContext.BaseDirectory, "artifacts");
        }
    }
}
