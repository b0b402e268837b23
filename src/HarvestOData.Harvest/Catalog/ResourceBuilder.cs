namespace HarvestOData.Harvest.Catalog;

/// <summary>Terse construction of <see cref="ResourceDefinition"/>s for <see cref="EntityCatalog"/>.</summary>
internal sealed class ResourceBuilder(string name, string entityType, ResourceKind kind)
{
    private readonly List<HarvestField> _fields = [];
    private readonly List<ReferenceEmbed> _embeds = [];
    private readonly List<LinkDefinition> _links = [];
    private readonly List<Grant> _grants = [];
    private readonly List<HarvestAction> _actions = [];
    private readonly List<(string, string)> _cascades = [];
    private readonly List<string> _alsoEmbedded = [];
    private string? _listPath;
    private string? _jsonKey;
    private Paging _paging = kind == ResourceKind.Singleton ? Paging.None : Paging.Cursor;
    private bool _updatedSince = true;
    private string? _dateWindow;
    private bool _newestDateFirst;
    private string? _parent;
    private string? _parentColumn;
    private string? _create;
    private string? _update;
    private string? _delete;
    private (NavigatorFolder Folder, int Position)? _navigator;

    private readonly string _name = name;

    public ResourceBuilder Id()
    {
        _fields.Add(new HarvestField("id", FieldType.Id, ["id"], Nullable: false));
        return this;
    }

    /// <summary>
    /// The key of a singleton: Harvest's company object has no id, so the row is keyed by the account id,
    /// which is not in the JSON (empty path).
    /// </summary>
    public ResourceBuilder AccountKey()
    {
        _fields.Add(new HarvestField("id", FieldType.Id, [], Nullable: false));
        return this;
    }

    public ResourceBuilder Field(string column, FieldType type, bool nullable = true, WriteMode write = WriteMode.ReadOnly)
    {
        _fields.Add(new HarvestField(column, type, [column], nullable, Write: write));
        return this;
    }

    /// <summary>A nested reference <c>{"id": …, keys…}</c> mirrored as <c>{jsonKey}_id</c>.</summary>
    public ResourceBuilder Ref(string jsonKey, string? target, bool nullable = false, WriteMode write = WriteMode.ReadOnly, params string[] embedded)
    {
        _fields.Add(new HarvestField(jsonKey + "_id", FieldType.Id, [jsonKey, "id"], nullable, target, write));
        if (target is not null)
            _embeds.Add(new ReferenceEmbed(jsonKey, target, embedded));
        return this;
    }

    /// <summary>A nested value object flattened into <c>{jsonKey}_{part}</c> columns.</summary>
    public ResourceBuilder Flat(string jsonKey, params (string Part, FieldType Type)[] parts)
    {
        foreach (var (part, type) in parts)
            _fields.Add(new HarvestField($"{jsonKey}_{part}", type, [jsonKey, part]));
        return this;
    }

    public ResourceBuilder Timestamps()
    {
        Field(CatalogNames.CreatedAt, FieldType.Timestamp, nullable: false);
        return Field(CatalogNames.UpdatedAt, FieldType.Timestamp, nullable: false);
    }

    public ResourceBuilder Link(string table, string jsonKey, string ownerColumn, string targetColumn, string target)
    {
        _links.Add(new LinkDefinition(table, jsonKey, ownerColumn, targetColumn, target));
        return this;
    }

    public ResourceBuilder Paged(Paging paging)
    {
        _paging = paging;
        return this;
    }

    /// <summary>
    /// The list takes <c>from</c>/<c>to</c> on <paramref name="dateColumn"/>; <paramref name="newestFirst"/> when Harvest
    /// lists it sorted by that date, newest first (time entries and expenses by spent_date).
    /// </summary>
    public ResourceBuilder DateWindow(string dateColumn, bool newestFirst = false)
    {
        _dateWindow = dateColumn;
        _newestDateFirst = newestFirst;
        return this;
    }

    public ResourceBuilder NoUpdatedSince()
    {
        _updatedSince = false;
        return this;
    }

    public ResourceBuilder ListedAt(string path, string jsonKey)
    {
        _listPath = path;
        _jsonKey = jsonKey;
        return this;
    }

    /// <summary>Per-parent or embedded: the parent's id lands in <paramref name="parentColumn"/>.</summary>
    public ResourceBuilder ChildOf(string parent, string parentColumn)
    {
        _parent = parent;
        _parentColumn = parentColumn;
        _fields.Add(new HarvestField(parentColumn, FieldType.Id, [], Nullable: false, References: parent));
        if (kind == ResourceKind.Embedded)
            _listPath = null;
        return this;
    }

    public ResourceBuilder EmbeddedAs(string jsonKey)
    {
        _jsonKey = jsonKey;
        _listPath = null;
        _updatedSince = false;
        return this;
    }

    /// <summary>Create, update and delete paths; pass null where Harvest has none.</summary>
    public ResourceBuilder Writes(string? create, string? update, string? delete)
    {
        (_create, _update, _delete) = (create, update, delete);
        return this;
    }

    /// <summary>The usual <c>POST {name}</c>, <c>PATCH {name}/{id}</c>, <c>DELETE {name}/{id}</c>.</summary>
    public ResourceBuilder StandardWrites() => Writes(_name, $"{_name}/{{id}}", $"{_name}/{{id}}");

    public ResourceBuilder Action(string actionName, string method, string pathTemplate)
    {
        _actions.Add(new HarvestAction(actionName, method, pathTemplate));
        return this;
    }

    /// <summary>
    /// A state change Harvest takes as a message with <paramref name="eventType"/>, posted to
    /// <c>{name}/{id}/messages</c> (invoices and estimates).
    /// </summary>
    public ResourceBuilder Event(string actionName, string eventType)
    {
        _actions.Add(new HarvestAction(actionName, "POST", $"{_name}/{{id}}/messages", eventType));
        return this;
    }

    /// <summary>Where the connector's navigator lists the entity set: the folder, and the place in it (1 = first).</summary>
    public ResourceBuilder ShownIn(NavigatorFolder folder, int position)
    {
        _navigator = (folder, position);
        return this;
    }

    public ResourceBuilder Cascade(string resource, string column)
    {
        _cascades.Add((resource, column));
        return this;
    }

    /// <param name="reach">What of the row the grant shows; by default the whole row when listable, the embedded shape otherwise.</param>
    /// <param name="withheld">Columns the grant never shows.</param>
    public ResourceBuilder Grant(Audience audience, string column, ScopeSet set, string? permission = null, bool listable = true,
        FieldReach? reach = null, string[]? withheld = null)
    {
        var grant = new Grant(audience, column, set, permission, listable);
        _grants.Add(grant with { Reach = reach ?? grant.Reach, Withheld = withheld ?? [] });
        return this;
    }

    /// <summary>Columns Harvest embeds with the row in payloads the catalog does not mirror.</summary>
    public ResourceBuilder AlsoEmbedded(params string[] columns)
    {
        _alsoEmbedded.AddRange(columns);
        return this;
    }

    /// <summary>Managers and members alike see every row.</summary>
    public ResourceBuilder Everyone() =>
        Grant(Audience.Manager, "id", ScopeSet.Everything).Grant(Audience.Member, "id", ScopeSet.Everything);

    /// <summary>Rows are visible exactly when the parent row is.</summary>
    public ResourceBuilder VisibleWithParent(string parentColumn) =>
        Grant(Audience.Manager, parentColumn, ScopeSet.ViaParent).Grant(Audience.Member, parentColumn, ScopeSet.ViaParent);

    public ResourceDefinition Build() => new()
    {
        Name = _name,
        EntityType = entityType,
        Kind = kind,
        Folder = _navigator?.Folder ?? throw new InvalidOperationException($"{_name}: ShownIn(folder, position) is missing."),
        FolderPosition = _navigator.Value.Position,
        ListPath = kind == ResourceKind.Embedded ? null : _listPath ?? _name,
        JsonKey = kind == ResourceKind.Singleton ? null : _jsonKey ?? _name,
        Paging = _paging,
        DateWindowColumn = _dateWindow,
        ListedNewestDateFirst = _newestDateFirst,
        SupportsUpdatedSince = _updatedSince && kind is ResourceKind.TopLevel or ResourceKind.PerParent,
        Parent = _parent,
        ParentColumn = _parentColumn,
        Fields = _fields.ToArray(),
        Embeds = _embeds.ToArray(),
        Links = _links.ToArray(),
        Grants = _grants.ToArray(),
        CreatePath = _create,
        UpdatePath = _update,
        DeletePath = _delete,
        Actions = _actions.ToArray(),
        CascadeDeletes = _cascades.ToArray(),
        AlsoEmbedded = _alsoEmbedded.ToArray(),
    };
}
