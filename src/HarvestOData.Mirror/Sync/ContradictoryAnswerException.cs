namespace HarvestOData.Mirror.Sync;

/// <summary>
/// Harvest answered a list call with fewer rows than its own <c>total_entries</c> says the page holds (a glitch, a
/// proxy, Harvest under load), and kept doing so after the retries. Never a reason to delete anything: the pass fails
/// and the next one tries again.
/// </summary>
public sealed class ContradictoryAnswerException(string message) : Exception(message);
