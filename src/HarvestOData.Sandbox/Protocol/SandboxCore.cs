using HarvestOData.Harvest.Reports;
using HarvestOData.Sandbox.Access;
using HarvestOData.Sandbox.Reading;
using HarvestOData.Sandbox.Reports;
using HarvestOData.Sandbox.Store;
using HarvestOData.Sandbox.Writing;

namespace HarvestOData.Sandbox.Protocol;

/// <summary>
/// Request in, answer out; both adapters (in-process handler, Kestrel endpoint) call only this. Order: count the
/// call, run the test hook, User-Agent (400), authentication (401), the throttle (429/503, not logged as accepted),
/// injected faults, then routing and processing under the store's lock. Reports API calls (<c>reports/…</c>) pass
/// their own throttle instead of the general one: Harvest gives reports a separate, smaller budget.
/// </summary>
internal sealed class SandboxCore(
    SandboxStore store,
    Authenticator authenticator,
    Throttle throttle,
    Throttle reportsThrottle,
    ThrottleMode throttleMode,
    TimeProvider time,
    SandboxCounters counters,
    SandboxFaults faults,
    Func<Func<SandboxRequest, CancellationToken, Task>?> hook,
    bool legacyUserShape)
{
    private readonly RouteTable _routes = new();
    private readonly ReadEndpoint _reads = new(store, new RecordRenderer(store, legacyUserShape));
    private readonly RulesRegistry _rules = new();

    public RulesRegistry Rules => _rules;

    public async Task<SandboxAnswer> HandleAsync(SandboxCall call, CancellationToken cancellationToken)
    {
        long number = counters.CountCall();
        if (hook() is { } before)
            await before(new SandboxRequest(call.Method, call.Path, call.Query, number), cancellationToken).ConfigureAwait(false);
        try
        {
            if (string.IsNullOrWhiteSpace(call.Header("User-Agent")))
                throw new SandboxProblem(400, "Requests must send a User-Agent naming the application and a contact (URL or email).");
            var caller = authenticator.Authenticate(call);
            if (Throttled(ReportPaths.IsReport(call.Path) ? reportsThrottle : throttle) is { } refusal)
                return refusal;
            var fault = faults.Take();
            if (fault.ServerError is { } status)
            {
                counters.CountServerError();
                return SandboxAnswer.Json(status, SandboxProblem.Body(status, "The sandbox was asked to fail this call."));
            }
            if (fault.Drop)
                return SandboxAnswer.Dropped;
            if (fault.Throttle is { } injected)
                return InjectedThrottle(injected);
            if (fault.Delay > TimeSpan.Zero)
                await Task.Delay(fault.Delay, cancellationToken).ConfigureAwait(false);
            var answer = Process(call, caller);
            if (answer.Status == 200 && IsList(call) && faults.TakeContradictoryList(call.Path) is { } keep)
                answer = answer with { Body = SpoiledList.Cut(answer.Body, keep) };
            if (answer.Status == 200 && IsList(call) && faults.TakeWrongTyped())
                answer = answer with { Body = SpoiledList.WrongTypedIds(answer.Body) };
            return fault.Malformed ? answer with { Body = Truncated(answer.Body) } : answer;
        }
        catch (SandboxProblem problem)
        {
            return problem.ToAnswer();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            counters.CountServerError();
            return SandboxAnswer.Json(500, SandboxProblem.Body(500, "The sandbox failed: " + e.GetType().Name));
        }
    }

    private SandboxAnswer? Throttled(Throttle throttle)
    {
        var now = time.GetUtcNow();
        var verdict = throttle.Admit(now);
        if (verdict == ThrottleVerdict.Accepted)
            return null;
        if (verdict == ThrottleVerdict.OverLimit)
            counters.CountOverLimit();
        else
            counters.CountWhileThrottled();
        int status = throttleMode == ThrottleMode.Legacy503 ? 503 : 429;
        int retryAfter = throttle.RetryAfterSeconds(now);
        string body = $"{{\"message\":\"This request has been throttled.\",\"retry_after\":{retryAfter}}}";
        return SandboxAnswer.Json(status, body, retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A throttle answer the test asked for: the account is blocked for as long as it says, like a real one.</summary>
    private SandboxAnswer InjectedThrottle(InjectedThrottle injected)
    {
        if (injected.BlocksAccount)
            throttle.Block(time.GetUtcNow(), injected.RetryAfter);
        counters.CountInjectedThrottle();
        string seconds = injected.RetryAfter.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string body = $"{{\"message\":\"This request has been throttled.\",\"retry_after\":{seconds}}}";
        return SandboxAnswer.Json(injected.Status, body, seconds);
    }

    private SandboxAnswer Process(SandboxCall call, Caller caller)
    {
        if (ReportPaths.IsReport(call.Path))
            return store.Read(() => ReportEndpoint.Answer(store, call, new CallerScope(store, caller)));
        if (_routes.Find(call.Method, call.Path) is not { } match)
            throw SandboxProblem.NotFound();
        var (route, values) = match;
        if (call.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            return store.Read(() =>
            {
                var scope = new CallerScope(store, caller);
                return route.Kind switch
                {
                    RouteKind.List => _reads.List(call, scope, route, values),
                    RouteKind.Me => _reads.Me(scope),
                    _ => _reads.Get(scope, route, values),
                };
            });
        }
        var writes = new WriteEndpoint(store, new WriteCore(store, _rules), _rules, _reads);
        return store.Write(() => writes.Handle(call, new CallerScope(store, caller), route, values));
    }

    private bool IsList(SandboxCall call) =>
        call.Method.Equals("GET", StringComparison.OrdinalIgnoreCase) && _routes.Find(call.Method, call.Path) is { } match && match.Route.Kind == RouteKind.List;

    /// <summary>A body cut in half: what a connection closed mid-answer leaves a client with.</summary>
    private static byte[] Truncated(byte[] body) => body.Length < 2 ? "{"u8.ToArray() : body[..(body.Length / 2)];
}
