namespace HarvestOData.Harvest.Reports;

/// <summary>A time entry as the reports read it: one row of <c>time_entries</c>, nothing derived.</summary>
public sealed record ReportTimeEntry(
    long Id, DateOnly SpentDate, long UserId, long ClientId, long ProjectId, long TaskId,
    decimal? Hours, decimal? RoundedHours, bool Billable, decimal? BillableRate, bool IsBilled, bool Budgeted, bool IsRunning);

/// <summary>An expense as the reports read it: one row of <c>expenses</c>.</summary>
public sealed record ReportExpense(
    long Id, DateOnly SpentDate, long UserId, long ClientId, long ProjectId, long ExpenseCategoryId,
    decimal? TotalCost, bool Billable, bool IsBilled);

/// <summary>The project fields the reports group, filter and budget by.</summary>
public sealed record ReportProject(
    long Id, string Name, string? Code, long ClientId, bool IsActive, bool IsBillable, bool IsFixedFee,
    string BudgetBy, bool BudgetIsMonthly, decimal? Budget, decimal? CostBudget, bool CostBudgetIncludeExpenses, bool ShowBudgetToAll);

public sealed record ReportClient(long Id, string Name, string? Currency);

public sealed record ReportUser(long Id, string Name, bool IsContractor, int? WeeklyCapacity, string? AvatarUrl);

public sealed record ReportTask(long Id, string Name);

public sealed record ReportExpenseCategory(long Id, string Name);

/// <summary>Everything a report is computed from: the mirror's (or the sandbox's) rows, in memory.</summary>
public sealed record ReportFacts(
    IReadOnlyList<ReportTimeEntry> TimeEntries,
    IReadOnlyList<ReportExpense> Expenses,
    IReadOnlyDictionary<long, ReportProject> Projects,
    IReadOnlyDictionary<long, ReportClient> Clients,
    IReadOnlyDictionary<long, ReportUser> Users,
    IReadOnlyDictionary<long, ReportTask> Tasks,
    IReadOnlyDictionary<long, ReportExpenseCategory> ExpenseCategories);
