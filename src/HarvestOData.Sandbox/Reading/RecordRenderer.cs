using System.Text.Json;
using HarvestOData.Harvest.Catalog;
using HarvestOData.Sandbox.Store;

namespace HarvestOData.Sandbox.Reading;

/// <summary>Writes rows as Harvest's JSON objects, following each resource's <see cref="RenderPlan"/>.</summary>
internal sealed class RecordRenderer(SandboxStore store, bool legacyUserShape)
{
    /// <param name="shown">The columns the caller is shown (Access/FieldVisibility); null for all. The others are left out.</param>
    public void Write(Utf8JsonWriter writer, Table table, int row, IReadOnlySet<string>? shown = null)
    {
        bool whole = shown is null || table.Resource.Fields.All(f => shown.Contains(f.Column));
        writer.WriteStartObject();
        foreach (var node in RenderPlan.For(table.Resource).Nodes)
        {
            if (legacyUserShape && table.Name == "users" && node.Key == "access_roles")
                continue;
            if (!whole && !Shown(node, shown!))
                continue;
            writer.WritePropertyName(node.Key);
            switch (node)
            {
                case ScalarNode scalar:
                    table.Column(scalar.Column).Write(writer, row);
                    break;
                case ReferenceNode reference:
                    WriteReference(writer, table.Column<LongColumn>(reference.Column).Nullable(row), reference.Embed);
                    break;
                case ValueObjectNode value:
                    WriteValueObject(writer, table, row, value);
                    break;
                case EmbeddedNode embedded:
                    WriteEmbedded(writer, store[embedded.Resource], table.Ids[row]);
                    break;
                case LinkNode link:
                    writer.WriteStartArray();
                    foreach (long id in table.LinkTargets(link.Key, table.Ids[row]))
                        writer.WriteNumberValue(id);
                    writer.WriteEndArray();
                    break;
            }
        }
        if (legacyUserShape && table.Name == "users" && whole)
            WriteLegacyPermissions(writer, table.Column<ListColumn>("access_roles")[row] ?? []);
        writer.WriteEndObject();
    }

    private static bool Shown(RenderNode node, IReadOnlySet<string> shown) => node switch
    {
        ScalarNode scalar => shown.Contains(scalar.Column),
        ReferenceNode reference => shown.Contains(reference.Column),
        ValueObjectNode value => value.Parts.All(p => shown.Contains(p.Column)),
        _ => false,   // embedded arrays and link lists belong to the whole row only
    };

    private void WriteReference(Utf8JsonWriter writer, long? id, ReferenceEmbed? embed)
    {
        if (id is null)
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        writer.WriteNumber("id", id.Value);
        if (embed is not null)
        {
            var target = store[embed.Target];
            int row = target.Find(id.Value);
            foreach (var key in embed.Keys)
            {
                writer.WritePropertyName(key);
                if (row < 0)
                    writer.WriteNullValue();
                else if (target.FindColumn(key) is { } column)
                    column.Write(writer, row);
                else if (key == "name" && target.FindColumn("first_name") is StringColumn first && target.FindColumn("last_name") is StringColumn last)
                    writer.WriteStringValue($"{first[row]} {last[row]}".Trim());
                else
                    writer.WriteNullValue();
            }
        }
        writer.WriteEndObject();
    }

    private static void WriteValueObject(Utf8JsonWriter writer, Table table, int row, ValueObjectNode node)
    {
        // Harvest sends null for an absent receipt or external reference, not an object of nulls.
        if (node.Parts.All(p => table.Column(p.Column).IsNull(row)))
        {
            writer.WriteNullValue();
            return;
        }
        writer.WriteStartObject();
        foreach (var (part, column) in node.Parts)
        {
            writer.WritePropertyName(part);
            table.Column(column).Write(writer, row);
        }
        writer.WriteEndObject();
    }

    private void WriteEmbedded(Utf8JsonWriter writer, Table children, long parentId)
    {
        writer.WriteStartArray();
        foreach (int child in children.ChildrenOf(parentId))
            Write(writer, children, child);
        writer.WriteEndArray();
    }

    /// <summary>The pre-2022 user shape (docs/harvest.md#resources), derived from the access roles.</summary>
    private static void WriteLegacyPermissions(Utf8JsonWriter writer, string[] accessRoles)
    {
        var roles = accessRoles.ToHashSet(StringComparer.Ordinal);
        bool admin = roles.Contains(UserPermissions.Administrator);
        bool manager = roles.Contains(UserPermissions.Manager);
        writer.WriteBoolean("is_admin", admin);
        writer.WriteBoolean("is_project_manager", manager);
        writer.WriteBoolean("can_see_rates", admin || roles.Contains("billable_rates_manager"));
        writer.WriteBoolean("can_create_projects", admin || roles.Contains("project_creator"));
        writer.WriteBoolean("can_create_invoices", admin || roles.Contains("managed_projects_invoice_manager"));
    }
}
