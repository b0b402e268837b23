using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// <see cref="IHarvestClient"/> over <see cref="HttpClient"/>: lists follow <c>links.next</c> verbatim, answers are
/// read through the <see cref="EntityCatalog"/>, and every attempt passes the account's shared <see cref="RateGate"/>.
/// </summary>
public sealed class HarvestClient : IHarvestClient
{
    private readonly HarvestTransport _transport;
    private readonly long _accountId;

    /// <param name="refusals">Told when Harvest answers 401 for <paramref name="credential"/>; optional.</param>
    public HarvestClient(HttpClient httpClient, HarvestCredential credential, RateGate gate, HarvestOptions options,
        TimeProvider? timeProvider = null, ILogger<HarvestClient>? logger = null, TokenRefusals? refusals = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(options);
        if (!long.TryParse(credential.AccountId, NumberStyles.Integer, CultureInfo.InvariantCulture, out _accountId))
            throw new ArgumentException("The Harvest account id must be a number.", nameof(credential));
        if (string.IsNullOrWhiteSpace(credential.Token))
            throw new ArgumentException("The Harvest token is empty.", nameof(credential));
        Credential = credential;
        _transport = new HarvestTransport(httpClient, credential, gate, options, timeProvider ?? TimeProvider.System,
            (ILogger?)logger ?? NullLogger.Instance, refusals);
    }

    public HarvestCredential Credential { get; }

    /// <summary>Source of retry jitter in [0, 1); tests make it deterministic.</summary>
    internal Func<double> JitterSource
    {
        get => _transport.Random;
        set => _transport.Random = value;
    }

    public async IAsyncEnumerable<HarvestPage> ListAsync(ResourceDefinition resource, ListQuery query,
        RequestPriority priority = RequestPriority.Background, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(query);
        if (resource.Kind == ResourceKind.Singleton)
        {
            var company = await GetCompanyAsync(priority, cancellationToken).ConfigureAwait(false);
            yield return new HarvestPage([company], 1, 1, 1, null);
            yield break;
        }
        string? path = HarvestPaths.List(resource, query);
        for (int number = 1; path is not null; number++)
        {
            var page = await PageAsync(resource, path, number, query.ParentId, priority, cancellationToken).ConfigureAwait(false);
            yield return page;
            path = page.Next?.AbsoluteUri;
        }
    }

    public async Task<HarvestPage> FirstPageAsync(ResourceDefinition resource, ListQuery query,
        RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(query);
        await foreach (var page in ListAsync(resource, query, priority, cancellationToken).ConfigureAwait(false))
            return page;
        throw new InvalidOperationException("A Harvest list always has a first page.");
    }

    public async Task<HarvestRecord> GetCompanyAsync(RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default)
    {
        using var document = await Required(new HarvestRequest(HttpMethod.Get, "company", priority), cancellationToken).ConfigureAwait(false);
        return RecordReader.Read(EntityCatalog.Get("company"), document.RootElement, accountId: _accountId);
    }

    public async Task<HarvestRecord> GetMeAsync(RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default)
    {
        using var document = await Required(new HarvestRequest(HttpMethod.Get, "users/me", priority, TokenCheck: true), cancellationToken).ConfigureAwait(false);
        return RecordReader.Read(EntityCatalog.Get("users"), document.RootElement);
    }

    public async Task<HarvestRecord?> GetAsync(ResourceDefinition resource, long id, long? parentId = null,
        RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource.Kind == ResourceKind.Singleton)
            return await GetCompanyAsync(priority, cancellationToken).ConfigureAwait(false);
        var request = new HarvestRequest(HttpMethod.Get, HarvestPaths.Item(resource, id, parentId), priority, NullOn404: true);
        using var document = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return document is null ? null : RecordReader.Read(resource, document.RootElement, parentId, _accountId);
    }

    public Task<HarvestRecord> CreateAsync(ResourceDefinition resource, JsonObject body,
        IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(body);
        string template = resource.CreatePath ?? throw new InvalidOperationException($"Harvest has no create for {resource.Name}.");
        return WriteAsync(resource, HttpMethod.Post, HarvestPaths.Fill(resource, template, null, pathValues, body), body, pathValues, cancellationToken);
    }

    public Task<HarvestRecord> UpdateAsync(ResourceDefinition resource, long id, JsonObject body,
        IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(body);
        string template = resource.UpdatePath ?? throw new InvalidOperationException($"Harvest has no update for {resource.Name}.");
        return WriteAsync(resource, HttpMethod.Patch, HarvestPaths.Fill(resource, template, id, pathValues, body), body, pathValues, cancellationToken);
    }

    public async Task DeleteAsync(ResourceDefinition resource, long id, IReadOnlyDictionary<string, object?>? pathValues = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        string template = resource.DeletePath ?? throw new InvalidOperationException($"Harvest has no delete for {resource.Name}.");
        var request = new HarvestRequest(HttpMethod.Delete, HarvestPaths.Fill(resource, template, id, pathValues, null), RequestPriority.Interactive);
        using var document = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public Task<HarvestRecord> InvokeAsync(ResourceDefinition resource, string action, long id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var verb = resource.Actions.FirstOrDefault(a => !a.IsMessageEvent && string.Equals(a.Name, action, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{resource.Name} has no action '{action}'.");
        string path = HarvestPaths.Fill(resource, verb.PathTemplate, id, null, null);
        return WriteAsync(resource, new HttpMethod(verb.Method), path, null, null, cancellationToken);
    }

    private async Task<HarvestRecord> WriteAsync(ResourceDefinition resource, HttpMethod method, string path, JsonObject? body,
        IReadOnlyDictionary<string, object?>? pathValues, CancellationToken cancellationToken)
    {
        using var document = await Required(new HarvestRequest(method, path, RequestPriority.Interactive, body), cancellationToken).ConfigureAwait(false);
        return RecordReader.Read(resource, document.RootElement, HarvestPaths.ParentId(resource, pathValues, body), _accountId);
    }

    private async Task<HarvestPage> PageAsync(ResourceDefinition resource, string path, int number, long? parentId,
        RequestPriority priority, CancellationToken cancellationToken)
    {
        using var body = await Required(new HarvestRequest(HttpMethod.Get, path, priority), cancellationToken).ConfigureAwait(false);
        var (records, totalEntries, totalPages, next) = HarvestPageReader.Read(resource, body.Json, parentId);
        return new HarvestPage(records, number, totalEntries, totalPages, next is null ? null : new Uri(_transport.BaseUri, next));
    }

    private async Task<ResponseBody> Required(HarvestRequest request, CancellationToken cancellationToken) =>
        await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidDataException($"Harvest answered {request} with an empty body.");

}
