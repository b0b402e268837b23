namespace HarvestOData.Harvest.Catalog;

/// <summary>The non-administrator roles (docs/harvest.md#roles-and-visibility). Administrators see every row of every resource.</summary>
public enum Audience
{
    Manager,
    Member,
}

/// <summary>
/// A set of ids computed for the caller. Each has one meaning, implemented twice on purpose: in memory by the
/// sandbox (which plays Harvest) and in SQL by the OData layer; tests compare the two.
/// </summary>
public enum ScopeSet
{
    /// <summary>Every row.</summary>
    Everything,
    /// <summary>The caller's own user id.</summary>
    Self,
    /// <summary>Projects where the caller has an active user assignment with <c>is_project_manager</c>.</summary>
    ManagedProjects,
    /// <summary>Projects where the caller has an active user assignment.</summary>
    AssignedProjects,
    /// <summary>Clients of <see cref="ManagedProjects"/>.</summary>
    ManagedProjectClients,
    /// <summary>Clients of <see cref="AssignedProjects"/>.</summary>
    AssignedProjectClients,
    /// <summary>Tasks assigned (task assignments) to <see cref="AssignedProjects"/>.</summary>
    AssignedProjectTasks,
    /// <summary>Users with a user assignment on <see cref="ManagedProjects"/>, the caller included.</summary>
    ManagedProjectUsers,
    /// <summary>Visible when the parent row (the column is the parent's id) is visible.</summary>
    ViaParent,
}

/// <summary>What of a row a <see cref="Grant"/> shows.</summary>
public enum FieldReach
{
    /// <summary>Every field (less the grant's <see cref="Grant.Withheld"/> ones): what Harvest's own endpoint for the row answers.</summary>
    WholeRow,
    /// <summary>
    /// Only <see cref="ResourceDefinition.EmbeddedFields"/>: what Harvest shows of the row inside other payloads
    /// (<c>"project": {"id", "name", "code"}</c> in a time entry), the only place the role meets it.
    /// </summary>
    Embedded,
}

/// <summary>
/// One way a role sees rows: a row is visible when <paramref name="Column"/>'s value is in the caller's
/// <paramref name="Set"/>. A caller sees the union of the grants of their role, and of a row the union of the fields
/// the grants reaching that row show (<see cref="ResourceDefinition.Shows"/>); the other fields read as null.
/// </summary>
/// <param name="Permission">An extra access role the caller must hold (e.g. <c>client_and_task_manager</c>).</param>
/// <param name="Listable">
/// False when Harvest shows these rows to the role only embedded in other answers or through <c>/users/me</c>
/// paths, while the list endpoint itself answers 403. The sandbox honours it; the OData layer shows the rows.
/// </param>
public sealed record Grant(Audience Audience, string Column, ScopeSet Set, string? Permission = null, bool Listable = true)
{
    /// <summary>
    /// What of a reached row the grant shows. Rows a role can list show whole; rows it meets only through references
    /// show their embedded shape, unless a <c>/users/me</c> path answers them whole (the caller's own user and assignments).
    /// </summary>
    public FieldReach Reach { get; init; } = Listable ? FieldReach.WholeRow : FieldReach.Embedded;

    /// <summary>Columns this grant never shows (a manager's view of teammates' rates without <c>billable_rates_manager</c>).</summary>
    public IReadOnlyList<string> Withheld { get; init; } = [];
}
