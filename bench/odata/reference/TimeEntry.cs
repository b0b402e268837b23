using System.ComponentModel.DataAnnotations.Schema;

namespace HarvestOData.Bench.Reference;

/// <summary>
/// A row of the mirror's <c>time_entries</c>, mapped column by column the way a .NET developer would write it
/// (the same property names and EDM types our server's <c>$metadata</c> has).
/// </summary>
[Table("time_entries")]
public sealed class TimeEntry
{
    [Column("id")] public long Id { get; set; }
    [Column("spent_date")] public DateOnly SpentDate { get; set; }
    [Column("user_id")] public long UserId { get; set; }
    [Column("client_id")] public long ClientId { get; set; }
    [Column("project_id")] public long ProjectId { get; set; }
    [Column("task_id")] public long TaskId { get; set; }
    [Column("user_assignment_id")] public long? UserAssignmentId { get; set; }
    [Column("task_assignment_id")] public long? TaskAssignmentId { get; set; }
    [Column("external_reference_id")] public string? ExternalReferenceId { get; set; }
    [Column("external_reference_group_id")] public string? ExternalReferenceGroupId { get; set; }
    [Column("external_reference_account_id")] public string? ExternalReferenceAccountId { get; set; }
    [Column("external_reference_permalink")] public string? ExternalReferencePermalink { get; set; }
    [Column("external_reference_service")] public string? ExternalReferenceService { get; set; }
    [Column("external_reference_service_icon_url")] public string? ExternalReferenceServiceIconUrl { get; set; }
    [Column("invoice_id")] public long? InvoiceId { get; set; }
    [Column("hours")] public decimal? Hours { get; set; }
    [Column("hours_without_timer")] public decimal? HoursWithoutTimer { get; set; }
    [Column("rounded_hours")] public decimal? RoundedHours { get; set; }
    [Column("notes")] public string? Notes { get; set; }
    [Column("is_locked")] public bool IsLocked { get; set; }
    [Column("locked_reason")] public string? LockedReason { get; set; }
    [Column("is_closed")] public bool IsClosed { get; set; }
    [Column("approval_status")] public string? ApprovalStatus { get; set; }
    [Column("is_billed")] public bool IsBilled { get; set; }
    [Column("timer_started_at")] public DateTimeOffset? TimerStartedAt { get; set; }
    [Column("started_time")] public string? StartedTime { get; set; }
    [Column("ended_time")] public string? EndedTime { get; set; }
    [Column("is_running")] public bool IsRunning { get; set; }
    [Column("billable")] public bool Billable { get; set; }
    [Column("budgeted")] public bool Budgeted { get; set; }
    [Column("billable_rate")] public decimal? BillableRate { get; set; }
    [Column("cost_rate")] public decimal? CostRate { get; set; }
    [Column("created_at")] public DateTimeOffset CreatedAt { get; set; }
    [Column("updated_at")] public DateTimeOffset UpdatedAt { get; set; }
}
