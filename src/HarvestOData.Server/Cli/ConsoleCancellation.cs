namespace HarvestOData.Server.Cli;

/// <summary>Ctrl+C stops a one-off run cleanly: the page in flight rolls back, committed pages stay.</summary>
public sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    private ConsoleCancellation() => Console.CancelKeyPress += OnCancel;

    public CancellationToken Token => _source.Token;

    public static ConsoleCancellation Create() => new();

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _source.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        _source.Cancel();
    }
}
