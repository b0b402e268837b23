namespace HarvestOData.Harvest.Catalog;

/// <summary>
/// Everything HarvestOData knows about one Harvest resource. The mirror schema, the sync mapping, the sandbox,
/// the OData model and the write mapping all derive from these; adding a Harvest field is one line in
/// <see cref="EntityCatalog"/>.
/// </summary>
public sealed class ResourceDefinition
{
    /// <summary>Harvest's plural snake_case name; also the mirror table (<c>time_entries</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Singular PascalCase name of the OData entity type (<c>TimeEntry</c>).</summary>
    public required string EntityType { get; init; }

    /// <summary>OData entity set (or singleton) name (<c>TimeEntries</c>, <c>Company</c>).</summary>
    public string EntitySet => Kind == ResourceKind.Singleton ? EntityType : Naming.Pascal(Name);

    public required ResourceKind Kind { get; init; }

    /// <summary>The connector's navigator folder this entity set is listed in (EntityCatalog declares one for every resource).</summary>
    public NavigatorFolder Folder { get; init; }

    /// <summary>Position within <see cref="Folder"/> (1 = listed first): the folder's main table leads.</summary>
    public int FolderPosition { get; init; }

    /// <summary>
    /// List path below <c>/v2/</c>. Per-parent lists hold <c>{parent_id}</c> (<c>invoices/{parent_id}/payments</c>).
    /// Null for embedded resources.
    /// </summary>
    public string? ListPath { get; init; }

    /// <summary>Key of the array in a list envelope (<c>invoice_payments</c>), or of the array inside the parent for embedded ones (<c>line_items</c>).</summary>
    public string? JsonKey { get; init; }

    public Paging Paging { get; init; } = Paging.Cursor;

    /// <summary>Whether the list endpoint takes <c>updated_since</c> (docs/harvest.md#filters).</summary>
    public bool SupportsUpdatedSince { get; init; }

    /// <summary>
    /// The date column Harvest's <c>from</c>/<c>to</c> list filter applies to (<c>spent_date</c> of time entries and
    /// expenses, <c>issue_date</c> of invoices and estimates); null where the list has no such filter.
    /// </summary>
    public string? DateWindowColumn { get; init; }

    /// <summary>Harvest lists the resource sorted by <see cref="DateWindowColumn"/>, newest first (others: newest created first).</summary>
    public bool ListedNewestDateFirst { get; init; }

    /// <summary>For per-parent and embedded resources: the parent resource.</summary>
    public string? Parent { get; init; }

    /// <summary>For per-parent and embedded resources: the column holding the parent's id (<c>invoice_id</c>); not in Harvest's payload.</summary>
    public string? ParentColumn { get; init; }

    public required IReadOnlyList<HarvestField> Fields { get; init; }

    public IReadOnlyList<ReferenceEmbed> Embeds { get; init; } = [];

    public IReadOnlyList<LinkDefinition> Links { get; init; } = [];

    /// <summary>Who besides administrators sees which rows (docs/harvest.md#roles-and-visibility). Empty = administrators only.</summary>
    public IReadOnlyList<Grant> Grants { get; init; } = [];

    /// <summary>
    /// The columns Harvest shows of a row wherever another payload references it: the id, every key a
    /// <see cref="ReferenceEmbed"/> aimed at this resource copies, and <see cref="AlsoEmbedded"/>. Computed by
    /// <see cref="EntityCatalog"/> once every resource is known.
    /// </summary>
    public IReadOnlySet<string> EmbeddedFields { get; internal set; } = new HashSet<string>(StringComparer.Ordinal) { "id" };

    /// <summary>Columns Harvest embeds with the row through payloads the catalog does not mirror (<c>users/me/project_assignments</c>).</summary>
    public IReadOnlyList<string> AlsoEmbedded { get; init; } = [];

    /// <summary>Whether <paramref name="grant"/> shows <paramref name="column"/> of the rows it reaches.</summary>
    public bool Shows(Grant grant, string column) =>
        !grant.Withheld.Contains(column) && (grant.Reach == FieldReach.WholeRow || EmbeddedFields.Contains(column));

    /// <summary>Whether some grant reaches rows without showing <paramref name="column"/>: served nullable, since such rows read it as null.</summary>
    public bool MayHide(string column) => Grants.Any(g => !Shows(g, column));

    /// <summary>POST path template (<c>projects/{project_id}/task_assignments</c>); null when Harvest has no create.</summary>
    public string? CreatePath { get; init; }

    /// <summary>PATCH path template (<c>time_entries/{id}</c>); null when Harvest has no update.</summary>
    public string? UpdatePath { get; init; }

    /// <summary>DELETE path template; null when Harvest has no delete.</summary>
    public string? DeletePath { get; init; }

    /// <summary>Extra verbs: calls of their own (a timer's stop) and state changes posted as messages (an invoice's close).</summary>
    public IReadOnlyList<HarvestAction> Actions { get; init; } = [];

    /// <summary>The <c>event_type</c> values of the state changes in <see cref="Actions"/>, in declaration order.</summary>
    public IEnumerable<string> EventTypes => Actions.Where(a => a.IsMessageEvent).Select(a => a.EventType!);

    /// <summary>Deleting a row also deletes these (resource, foreign-key column) rows in Harvest (a project's time entries and expenses).</summary>
    public IReadOnlyList<(string Resource, string Column)> CascadeDeletes { get; init; } = [];

    public HarvestField Field(string column) =>
        Fields.FirstOrDefault(f => f.Column == column)
        ?? throw new KeyNotFoundException($"{Name} has no field '{column}'.");

    public HarvestField? FindField(string column) => Fields.FirstOrDefault(f => f.Column == column);

    public bool IsWritable => CreatePath is not null || UpdatePath is not null || DeletePath is not null;

    public override string ToString() => Name;
}
