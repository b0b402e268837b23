using System.Text.Json.Serialization;

namespace HarvestOData.Harvest.Reports;

// The result objects of Harvest's report endpoints, field for field as the docs and the official examples
// (tests/fixtures/harvest-examples/reports_*.json) name them. Currency and money are null where the caller may not
// see them (members, managers without the billable-rates permission).

public sealed record TimeClientsRow(
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("total_hours")] decimal TotalHours,
    [property: JsonPropertyName("billable_hours")] decimal BillableHours,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount);

public sealed record TimeProjectsRow(
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("total_hours")] decimal TotalHours,
    [property: JsonPropertyName("billable_hours")] decimal BillableHours,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount);

public sealed record TimeTasksRow(
    [property: JsonPropertyName("task_id")] long TaskId,
    [property: JsonPropertyName("task_name")] string TaskName,
    [property: JsonPropertyName("total_hours")] decimal TotalHours,
    [property: JsonPropertyName("billable_hours")] decimal BillableHours,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount);

public sealed record TimeTeamRow(
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("user_name")] string UserName,
    [property: JsonPropertyName("is_contractor")] bool IsContractor,
    [property: JsonPropertyName("total_hours")] decimal TotalHours,
    [property: JsonPropertyName("billable_hours")] decimal BillableHours,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount,
    [property: JsonPropertyName("weekly_capacity")] int? WeeklyCapacity,
    [property: JsonPropertyName("avatar_url")] string? AvatarUrl);

public sealed record ExpenseClientsRow(
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount,
    [property: JsonPropertyName("currency")] string? Currency);

public sealed record ExpenseProjectsRow(
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount,
    [property: JsonPropertyName("currency")] string? Currency);

public sealed record ExpenseCategoriesRow(
    [property: JsonPropertyName("expense_category_id")] long ExpenseCategoryId,
    [property: JsonPropertyName("expense_category_name")] string ExpenseCategoryName,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount,
    [property: JsonPropertyName("currency")] string? Currency);

public sealed record ExpenseTeamRow(
    [property: JsonPropertyName("user_id")] long UserId,
    [property: JsonPropertyName("user_name")] string UserName,
    [property: JsonPropertyName("is_contractor")] bool IsContractor,
    [property: JsonPropertyName("total_amount")] decimal TotalAmount,
    [property: JsonPropertyName("billable_amount")] decimal? BillableAmount,
    [property: JsonPropertyName("currency")] string? Currency);

public sealed record UninvoicedRow(
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("currency")] string? Currency,
    [property: JsonPropertyName("total_hours")] decimal TotalHours,
    [property: JsonPropertyName("uninvoiced_hours")] decimal UninvoicedHours,
    [property: JsonPropertyName("uninvoiced_expenses")] decimal UninvoicedExpenses,
    [property: JsonPropertyName("uninvoiced_amount")] decimal UninvoicedAmount);

public sealed record ProjectBudgetRow(
    [property: JsonPropertyName("project_id")] long ProjectId,
    [property: JsonPropertyName("project_name")] string ProjectName,
    [property: JsonPropertyName("client_id")] long ClientId,
    [property: JsonPropertyName("client_name")] string ClientName,
    [property: JsonPropertyName("budget_is_monthly")] bool BudgetIsMonthly,
    [property: JsonPropertyName("budget_by")] string BudgetBy,
    [property: JsonPropertyName("is_active")] bool IsActive,
    [property: JsonPropertyName("budget")] decimal Budget,
    [property: JsonPropertyName("budget_spent")] decimal BudgetSpent,
    [property: JsonPropertyName("budget_remaining")] decimal BudgetRemaining);
