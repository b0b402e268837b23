using HarvestOData.Sandbox.Writing.Rules;

namespace HarvestOData.Sandbox.Writing;

/// <summary>The resource-specific rules by resource name; resources without any share the empty set.</summary>
internal sealed class RulesRegistry
{
    private static readonly ResourceRules None = new NoRules();
    private readonly Dictionary<string, ResourceRules> _rules;

    public RulesRegistry()
    {
        var documents = new DocumentRules();
        _rules = new Dictionary<string, ResourceRules>(StringComparer.Ordinal)
        {
            ["time_entries"] = new TimeEntryRules(),
            ["expenses"] = new ExpenseRules(),
            ["projects"] = new ProjectRules(),
            ["clients"] = new ClientRules(),
            ["users"] = new UserRules(),
            ["tasks"] = new TaskRules(),
            ["task_assignments"] = new TaskAssignmentRules(),
            ["user_assignments"] = new UserAssignmentRules(),
            ["billable_rates"] = new RateRules("default_hourly_rate"),
            ["cost_rates"] = new RateRules("cost_rate"),
            ["invoices"] = documents,
            ["estimates"] = documents,
            ["invoice_messages"] = new InvoiceMessageRules(),
            ["estimate_messages"] = new EstimateMessageRules(),
            ["invoice_payments"] = new PaymentRules(),
            ["company"] = new CompanyRules(),
        };
    }

    public ResourceRules For(string resource) => _rules.GetValueOrDefault(resource, None);

    private sealed class NoRules : ResourceRules;
}
