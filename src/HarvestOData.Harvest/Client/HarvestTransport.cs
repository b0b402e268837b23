using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HarvestOData.Harvest.RateLimiting;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Harvest.Client;

/// <summary>
/// Sends one <see cref="HarvestRequest"/>: every attempt passes the account's <see cref="RateGate"/>; throttle
/// answers (429, or 503 with <c>Retry-After</c>) hold the whole gate and are retried; transient failures (5xx,
/// timeouts, dropped connections, malformed JSON) are retried with capped exponential backoff and jitter.
/// </summary>
internal sealed class HarvestTransport(HttpClient http, HarvestCredential credential, RateGate gate, HarvestOptions options, TimeProvider time, ILogger logger,
    TokenRefusals? refusals = null)
{
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    public Uri BaseUri { get; } = options.BaseUri;

    /// <summary>Source of jitter in [0, 1); replaced by tests.</summary>
    public Func<double> Random { get; set; } = System.Random.Shared.NextDouble;

    /// <summary>The answer's JSON; null for a 404 when <see cref="HarvestRequest.NullOn404"/> or for a deletion's empty body.</summary>
    public async Task<ResponseBody?> SendAsync(HarvestRequest request, CancellationToken cancellationToken)
    {
        var uri = Resolve(request.Path);
        var budget = request.TokenCheck ? CallBudget.TokenCheck
            : HarvestPaths.IsReports(BaseUri.MakeRelativeUri(uri).OriginalString) ? CallBudget.Reports
            : CallBudget.General;
        int failures = 0, throttles = 0;
        while (true)
        {
            Attempt attempt;
            using (var lease = await gate.EnterAsync(request.Priority, budget, cancellationToken).ConfigureAwait(false))
                attempt = await AttemptAsync(request, uri, lease, cancellationToken).ConfigureAwait(false);

            switch (attempt.Kind)
            {
                case AttemptKind.Done:
                    return attempt.Body;
                case AttemptKind.Throttled:
                    if (++throttles >= options.Retry.MaxThrottles)
                        throw new HarvestApiException(HttpStatusCode.TooManyRequests,
                            $"Harvest kept throttling {request} ({throttles} times in a row).", attempt.RetryAfter);
                    continue;
                case AttemptKind.Transient:
                    failures++;
                    if (!MayRetry(request, attempt) || failures >= options.Retry.MaxAttempts)
                        throw new HarvestApiException(attempt.Status,
                            $"Harvest {request} failed ({attempt.Reason}) after {failures} attempt(s).", inner: attempt.Error);
                    var delay = options.Retry.DelayBefore(failures, Random());
                    logger.LogInformation("Harvest {Request} failed ({Reason}); retry {Retry} in {Delay:0.###} s",
                        request.ToString(), attempt.Reason, failures, delay.TotalSeconds);
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw attempt.Error!;
            }
        }
    }

    private async Task<Attempt> AttemptAsync(HarvestRequest request, Uri uri, RateGateLease lease, CancellationToken cancellationToken)
    {
        // A token check that has left the gate is answered even if its requester has gone: Harvest counts the call
        // anyway, and its answer, cached by whoever asked, spares the next request with that token another call.
        var sending = request.TokenCheck ? CancellationToken.None : cancellationToken;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.RequestTimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(sending, timeout.Token);
        using var message = Build(request, uri);
        try
        {
            // Headers first; the body is read into a pooled buffer of its own (ResponseBody), not buffered by HttpClient.
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var status = response.StatusCode;
            var retryAfter = RetryAfter(response);
            bool throttled = status == HttpStatusCode.TooManyRequests
                || (status == HttpStatusCode.ServiceUnavailable && retryAfter is not null);
            if (throttled)
            {
                var wait = retryAfter ?? options.RateLimit.Window;
                // Before the lease is released: no waiter may slip through between the answer and the block.
                // Awaited: with several nodes, every node is held before this call's answer is reported.
                await gate.ThrottleAsync(wait, lease, CancellationToken.None).ConfigureAwait(false);
                logger.LogWarning("Harvest throttled {Request} ({Status}); holding every call to account {Account} for {Seconds:0.###} s",
                    request.ToString(), (int)status, credential.AccountId, wait.TotalSeconds);
                return new Attempt(AttemptKind.Throttled, status) { RetryAfter = wait };
            }
            if ((int)status >= 500)
                return new Attempt(AttemptKind.Transient, status) { Reason = $"{(int)status} {response.ReasonPhrase}" };
            if (status == HttpStatusCode.NotFound && request.NullOn404)
                return new Attempt(AttemptKind.Done, status);
            if (status == HttpStatusCode.Unauthorized)
                refusals?.Report(credential); // revoked now: whoever trusts this token must stop at once
            if (!response.IsSuccessStatusCode)
            {
                string? said = await HarvestMessage(response, linked.Token).ConfigureAwait(false);
                return new Attempt(AttemptKind.Failed, status) { Error = new HarvestApiException(status, Explain(request, status, said)) };
            }
            // Harvest answers a deletion with an empty body (the sandbox too); any other answer must be one JSON value.
            bool mayBeEmpty = request.Method == HttpMethod.Delete;
            return new Attempt(AttemptKind.Done, status) { Body = await ResponseBody.ReadAsync(response.Content, mayBeEmpty, linked.Token).ConfigureAwait(false) };
        }
        catch (JsonException e)
        {
            return new Attempt(AttemptKind.Transient, HttpStatusCode.BadGateway) { Reason = "malformed JSON", Error = e };
        }
        catch (OperationCanceledException e) when (!sending.IsCancellationRequested)
        {
            return new Attempt(AttemptKind.Transient, HttpStatusCode.GatewayTimeout)
            { Reason = $"no answer within {options.RequestTimeoutSeconds:0.###} s", Error = e };
        }
        catch (HttpRequestException e)
        {
            return new Attempt(AttemptKind.Transient, HttpStatusCode.BadGateway)
            { Reason = "connection failed", Error = e, NotSent = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
        }
        catch (IOException e)
        {
            return new Attempt(AttemptKind.Transient, HttpStatusCode.BadGateway) { Reason = "connection dropped", Error = e };
        }
    }

    /// <summary>A create that failed mid-way may have happened: retrying could create it twice, so only a call that never left is retried.</summary>
    private static bool MayRetry(HarvestRequest request, Attempt attempt) =>
        request.Method != HttpMethod.Post || attempt.NotSent;

    private HttpRequestMessage Build(HarvestRequest request, Uri uri)
    {
        var message = new HttpRequestMessage(request.Method, uri);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Token);
        message.Headers.TryAddWithoutValidation("Harvest-Account-Id", credential.AccountId);
        message.Headers.TryAddWithoutValidation("User-Agent", options.UserAgent);
        message.Headers.Accept.Add(Json);
        // A request without content is one SocketsHttpHandler silently sends again (up to three times) when the connection
        // closes before any answer byte: those re-sends would reach Harvest without passing the rate gate. An empty content
        // (Content-Length: 0) turns that off, so every attempt on the wire is one this transport made and the gate counted.
        message.Content = request.Body is not null
            ? new StringContent(request.Body.ToJsonString(), Encoding.UTF8, "application/json")
            : new ByteArrayContent([]);
        return message;
    }

    private Uri Resolve(string path)
    {
        var uri = new Uri(BaseUri, path);
        // links.next is followed verbatim, but the token only ever goes to the configured API root.
        if (!BaseUri.IsBaseOf(uri) || uri.Scheme != BaseUri.Scheme || uri.Authority != BaseUri.Authority)
            throw new InvalidDataException($"Harvest sent a link outside {BaseUri}: {uri.GetLeftPart(UriPartial.Path)}");
        return uri;
    }

    /// <summary>
    /// <c>Retry-After</c> as seconds (a fraction such as <c>7.5</c> rounded up to whole seconds, which the typed header
    /// rejects) or as an HTTP date; null when absent or unreadable.
    /// </summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (!response.Headers.NonValidated.TryGetValues("Retry-After", out var values))
            return null;
        foreach (string value in values)
        {
            if (double.TryParse(value.Trim(), System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out double seconds)
                && double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds / 2)
                return TimeSpan.FromSeconds(Math.Ceiling(seconds));
            if (DateTimeOffset.TryParse(value.Trim(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AllowWhiteSpaces, out var date))
            {
                var wait = date - time.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }
        return null;
    }

    private string Explain(HarvestRequest request, HttpStatusCode status, string? said)
    {
        string suffix = string.IsNullOrWhiteSpace(said) ? "" : $": {said}";
        return status switch
        {
            HttpStatusCode.UnprocessableEntity when !string.IsNullOrWhiteSpace(said) => said!,
            HttpStatusCode.Unauthorized => $"Harvest refused the token for account {credential.AccountId} (401 Unauthorized){suffix}",
            HttpStatusCode.Forbidden => $"Harvest does not let the token's user {request} (403 Forbidden){suffix}",
            HttpStatusCode.NotFound => $"Harvest found nothing at {request} (404 Not Found){suffix}",
            _ => $"Harvest answered {(int)status} to {request}{suffix}",
        };
    }

    /// <summary>Harvest's <c>message</c> (422) or OAuth <c>error_description</c> (401), if the body has one.</summary>
    private static async Task<string?> HarvestMessage(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            foreach (string key in new[] { "message", "error_description", "error" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    string text = value.GetString()!;
                    return text.Length > 500 ? text[..500] : text;
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            // An error without a readable body still carries its status.
        }
        return null;
    }

    private enum AttemptKind
    {
        Done,
        Throttled,
        Transient,
        Failed,
    }

    private sealed record Attempt(AttemptKind Kind, HttpStatusCode Status)
    {
        public ResponseBody? Body { get; init; }

        public TimeSpan RetryAfter { get; init; }

        public string Reason { get; init; } = "";

        public Exception? Error { get; init; }

        public bool NotSent { get; init; }
    }
}
