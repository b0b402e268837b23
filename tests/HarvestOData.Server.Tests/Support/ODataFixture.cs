using System.Net.Http.Headers;
using HarvestOData.Mirror.Store;
using HarvestOData.Mirror.Sync;
using HarvestOData.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;

namespace HarvestOData.Server.Tests.Support;

/// <summary>
/// One small sandbox (about 3,000 time entries), mirrored once by the mirror's own sync into a temp SQLite file (this
/// fixture) or a PostgreSQL database (<see cref="PostgresODataFixture"/>), served by the real server with a page size
/// of 500 so paging is exercised. Shared by the read-only test classes, which compare
/// against <see cref="Expected"/> (the sandbox's rows, read once and kept): a class that changes rows does it on its
/// own copy of the mirror (see PagingTests), never on this one.
/// </summary>
public class ODataFixture : IAsyncLifetime
{
    public const int PageSize = 500;

    public ODataFixture()
        : this(MirrorDialect.SqliteProvider)
    {
    }

    protected ODataFixture(string provider) => Mirror = TestMirror.Create(provider);

    public HarvestSandbox Sandbox { get; } = NewSandbox();

    /// <summary>The mirror the server reads (its provider is the one under test).</summary>
    public TestMirror Mirror { get; }

    public ServerFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The model as the server describes it in <c>$metadata</c> (for ODataMessageReader read-back).</summary>
    public IEdmModel Model { get; private set; } = null!;

    public Expected Expected { get; private set; } = null!;

    public static HarvestSandbox NewSandbox() =>
        new(new SandboxOptions { TimeEntries = 3000, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 });

    public async Task InitializeAsync()
    {
        Factory = new ServerFactory(Sandbox, Mirror, PageSize);
        Client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await SyncAsync(Factory.Services);
        using var metadata = await Client.SendAsync(Request("/odata/$metadata", Sandbox.Administrator));
        metadata.EnsureSuccessStatusCode();
        using var xml = System.Xml.XmlReader.Create(await metadata.Content.ReadAsStreamAsync());
        Model = CsdlReader.Parse(xml);
        Expected = new Expected(Sandbox);
    }

    public static Task SyncAsync(IServiceProvider services) => ServerFactory.SyncAsync(services);

    public static HttpRequestMessage Request(string url, SandboxUser? user, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (user is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (accept is not null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    public Task<HttpResponseMessage> GetAsync(string url, SandboxUser? user = null, string? accept = null) =>
        Client.SendAsync(Request(url, user ?? Sandbox.Administrator, accept));

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
            await Factory.DisposeAsync();
        Mirror.Delete();
    }
}

/// <summary>The same sandbox and server over a PostgreSQL mirror (<c>Mirror:Provider=postgres</c>).</summary>
public sealed class PostgresODataFixture() : ODataFixture(MirrorDialect.PostgresProvider);

[CollectionDefinition(Name)]
public sealed class ODataCollection : ICollectionFixture<ODataFixture>
{
    public const string Name = "OData over a synced sandbox";
}

[CollectionDefinition(Name)]
public sealed class PostgresODataCollection : ICollectionFixture<PostgresODataFixture>
{
    public const string Name = "OData over a sandbox synced into PostgreSQL";
}
