using System.Text.Json.Nodes;
using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// Harvest API v2 as one credential sees it. Every call passes the account's shared rate gate; bodies and answers
/// are mapped through the <see cref="EntityCatalog"/>.
/// </summary>
public interface IHarvestClient
{
    HarvestCredential Credential { get; }

    /// <summary>Walks a list by following <c>links.next</c> verbatim, one page per yielded item.</summary>
    IAsyncEnumerable<HarvestPage> ListAsync(ResourceDefinition resource, ListQuery query, RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default);

    /// <summary>The first page only, with <c>per_page</c> as asked: cheap counts through <c>total_entries</c>.</summary>
    Task<HarvestPage> FirstPageAsync(ResourceDefinition resource, ListQuery query, RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/company</c>.</summary>
    Task<HarvestRecord> GetCompanyAsync(RequestPriority priority = RequestPriority.Background, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/users/me</c>: who the token belongs to (used to check callers' tokens).</summary>
    Task<HarvestRecord> GetMeAsync(RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default);

    /// <summary>GET one record by id; null on 404. <paramref name="parentId"/> for per-parent resources.</summary>
    Task<HarvestRecord?> GetAsync(ResourceDefinition resource, long id, long? parentId = null, RequestPriority priority = RequestPriority.Interactive, CancellationToken cancellationToken = default);

    /// <summary>POST to the resource's create path (placeholders filled from <paramref name="body"/> or <paramref name="pathValues"/>).</summary>
    Task<HarvestRecord> CreateAsync(ResourceDefinition resource, JsonObject body, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default);

    /// <summary>PATCH the resource's update path; Harvest leaves fields not in <paramref name="body"/> unchanged.</summary>
    Task<HarvestRecord> UpdateAsync(ResourceDefinition resource, long id, JsonObject body, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default);

    /// <summary>DELETE the resource's delete path.</summary>
    Task DeleteAsync(ResourceDefinition resource, long id, IReadOnlyDictionary<string, object?>? pathValues = null, CancellationToken cancellationToken = default);

    /// <summary>An extra verb (<c>stop</c>, <c>restart</c>) on one record; returns the record as Harvest answers it.</summary>
    Task<HarvestRecord> InvokeAsync(ResourceDefinition resource, string action, long id, CancellationToken cancellationToken = default);
}
