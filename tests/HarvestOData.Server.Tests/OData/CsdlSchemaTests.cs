using System.Diagnostics;
using HarvestOData.Server.Tests.Support;

namespace HarvestOData.Server.Tests.OData;

/// <summary>
/// The served CSDL against OASIS's own XML schemas (edmx.xsd importing edm.xsd), checked by xmllint: what a strict
/// client's tooling checks first. The schemas come from the npm package odata-csdl (tests/HarvestOData.Server.Tests/CsdlSchemas,
/// installed by .ci/run); xmllint from Debian's libxml2-utils.
/// </summary>
public abstract class CsdlSchemaTests(ODataFixture fixture)
{
    [Fact]
    public async Task Served_metadata_validates_against_the_oasis_edmx_schema()
    {
        string schema = EdmxSchema();
        using var response = await fixture.GetAsync("/odata/$metadata");
        string document = Path.Combine(Path.GetTempPath(), $"harvestodata-metadata-{Guid.NewGuid():N}.xml");
        await File.WriteAllBytesAsync(document, await response.Content.ReadAsByteArrayAsync());
        try
        {
            var (exit, output) = await RunAsync("xmllint", "--noout", "--nonet", "--schema", schema, document);
            Assert.True(exit == 0, $"$metadata does not validate against edmx.xsd:\n{output}");
            Assert.Contains("validates", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(document);
        }
    }

    [Fact]
    public async Task The_schema_check_catches_an_invalid_document()
    {
        // Proves the check above can fail: the same document with an attribute edm.xsd does not allow.
        using var response = await fixture.GetAsync("/odata/$metadata");
        string text = (await response.Content.ReadAsStringAsync()).Replace("<EntityType Name=", "<EntityType Bogus=\"1\" Name=", StringComparison.Ordinal);
        string document = Path.Combine(Path.GetTempPath(), $"harvestodata-metadata-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(document, text);
        try
        {
            var (exit, output) = await RunAsync("xmllint", "--noout", "--nonet", "--schema", EdmxSchema(), document);
            Assert.NotEqual(0, exit);
            Assert.Contains("Bogus", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(document);
        }
    }

    private static string EdmxSchema()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HarvestOData.sln")))
            directory = directory.Parent;
        Assert.True(directory is not null, "The repository root (HarvestOData.sln) was not found above the test binaries.");
        string schema = Path.Combine(directory!.FullName, "tests", "HarvestOData.Server.Tests", "CsdlSchemas", "node_modules", "odata-csdl", "schemas", "edmx.xsd");
        Assert.True(File.Exists(schema), $"{schema} is missing: run `npm ci --prefix tests/HarvestOData.Server.Tests/CsdlSchemas` (as .ci/run does).");
        return schema;
    }

    private static async Task<(int Exit, string Output)> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} could not be started ({e.Message}); install Debian's libxml2-utils (as .ci/install.sh does).");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}

[Collection(ODataCollection.Name)]
public sealed class CsdlSchemaTestsOnSqlite(ODataFixture fixture) : CsdlSchemaTests(fixture);

[Collection(PostgresODataCollection.Name)]
public sealed class CsdlSchemaTestsOnPostgres(PostgresODataFixture fixture) : CsdlSchemaTests(fixture);
