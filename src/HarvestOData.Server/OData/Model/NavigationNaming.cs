using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Server.OData.Model;

/// <summary>
/// Names of navigation properties. A foreign key names the single navigation (<c>project_id</c> → <c>Project</c>);
/// its partner collection on the target is named by the source set (<c>Project.TimeEntries</c>), prefixed with the
/// single navigation's name when two keys of one source point at the same target (<c>CreatorInvoices</c>) or when the
/// plain name is already a property of the target. Link tables name both sides by the other set (<c>Role.Users</c>);
/// a clash with a property gets the prefix <c>Linked</c> (<c>User.LinkedRoles</c>, since <c>User.Roles</c> is
/// Harvest's own list of role names).
/// </summary>
public static class NavigationNaming
{
    public static string ToOne(HarvestField foreignKey) =>
        Naming.Pascal(foreignKey.Column.EndsWith("_id", StringComparison.Ordinal) ? foreignKey.Column[..^3] : foreignKey.Column + "_ref");

    public static string Partner(ResourceDefinition source, HarvestField foreignKey, ResourceDefinition target, ISet<string> taken)
    {
        bool shared = source.Fields.Count(f => f.References == foreignKey.References && f.References is not null) > 1;
        string plain = source.EntitySet;
        return shared || taken.Contains(plain) ? ToOne(foreignKey) + plain : plain;
    }

    public static string Link(ResourceDefinition other, ISet<string> taken) =>
        taken.Contains(other.EntitySet) ? "Linked" + other.EntitySet : other.EntitySet;
}
