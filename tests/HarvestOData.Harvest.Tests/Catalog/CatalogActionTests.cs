using HarvestOData.Harvest.Catalog;

namespace HarvestOData.Harvest.Tests.Catalog;

/// <summary>
/// The catalog's actions are the one list the OData bound actions and the sandbox's accepted event types derive from.
/// </summary>
public sealed class CatalogActionTests
{
    [Fact]
    public void Invoice_and_estimate_state_changes_are_the_event_types_Harvest_documents()
    {
        Assert.Equal(["send", "close", "re-open", "draft"], EntityCatalog.Get("invoices").EventTypes);
        Assert.Equal(["send", "accept", "decline", "re-open"], EntityCatalog.Get("estimates").EventTypes);
    }

    [Fact]
    public void Every_state_change_is_posted_where_its_message_resource_is_created()
    {
        foreach (var resource in EntityCatalog.All)
        {
            foreach (var action in resource.Actions.Where(a => a.IsMessageEvent))
            {
                var messages = Assert.Single(EntityCatalog.ListedPer(resource), r => r.FindField("event_type") is not null);
                Assert.Equal("POST", action.Method);
                Assert.Equal(messages.CreatePath!.Replace($"{{{messages.ParentColumn}}}", "{id}"), action.PathTemplate);
            }
        }
    }

    [Fact]
    public void Action_names_give_the_OData_names_clients_already_call()
    {
        var names = EntityCatalog.All.SelectMany(r => r.Actions.Select(a => $"{r.EntitySet}/{Naming.Pascal(a.Name)}"));
        Assert.Equal(
        [
            "TimeEntries/Stop", "TimeEntries/Restart",
            "Invoices/Send", "Invoices/Close", "Invoices/Reopen", "Invoices/MarkAsDraft",
            "Estimates/Send", "Estimates/Accept", "Estimates/Decline", "Estimates/Reopen",
        ], names);
    }
}
