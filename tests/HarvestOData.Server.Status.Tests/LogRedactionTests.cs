using HarvestOData.Server.Logging;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarvestOData.Server.Status.Tests;

public sealed class LogRedactionTests
{
    private const string Token = "2094553.pt.aVeryS3cretTokenValue_x-y";

    [Theory]
    [InlineData("Authorization: Bearer " + Token)]
    [InlineData("Authorization: Basic ZXhjZWw6c2VjcmV0LXRva2Vu")]
    [InlineData("GET /odata/Projects?api_key=" + Token + "&$top=5")]
    [InlineData("GET /odata/Projects?$top=5&access_token=" + Token)]
    [InlineData("https://user:" + Token + "@example.com/")]
    [InlineData("{\"password\": \"" + Token + "\"}")]
    [InlineData("a bare token " + Token + " in a message")]
    public void Secrets_are_masked_wherever_they_turn_up(string text)
    {
        string redacted = LogRedaction.Redact(text);

        Assert.DoesNotContain(Token, redacted);
        Assert.DoesNotContain("ZXhjZWw6c2VjcmV0LXRva2Vu", redacted);
        Assert.Contains(LogRedaction.Mask, redacted);
    }

    [Fact]
    public void Ordinary_text_is_left_alone()
    {
        const string text = "request id=0HN method=GET path=/odata/TimeEntries query=$filter=SpentDate%20ge%202025-01-01 status=200 ms=12.5 rows=500";

        Assert.Equal(text, LogRedaction.Redact(text));
    }

    [Fact]
    public void The_request_line_masks_secret_query_parameters_and_keeps_the_rest_readable()
    {
        var query = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["$filter"] = "Name eq 'x'",
            ["api_key"] = Token,
            ["$Token"] = Token,
        });

        string safe = RequestLog.SafeQuery(query);

        Assert.DoesNotContain(Token, safe);
        Assert.Contains("$filter=Name%20eq%20'x'", safe);
        Assert.Contains("api_key=***", safe);
    }

    [Theory]
    [InlineData("key")]
    [InlineData("auth")]
    [InlineData("bearer")]
    [InlineData("Key")]
    [InlineData("$Bearer")]
    [InlineData("X-Auth")]
    public void The_request_line_masks_key_auth_and_bearer_parameters_whatever_the_secret_looks_like(string name)
    {
        const string opaque = "oauthAccessValue0123456789";   // not a personal access token: no pattern catches it
        var query = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            [name] = opaque,
            ["$top"] = "5",
        });

        string safe = RequestLog.SafeQuery(query);

        Assert.DoesNotContain(opaque, safe);
        Assert.Contains("$top=5", safe);
    }

    [Fact]
    public void The_request_line_masks_any_value_carrying_the_callers_own_credential()
    {
        const string credential = "opaqueCredential0123456789";
        var query = new QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>
        {
            ["x"] = credential,
            ["$filter"] = $"Name eq '{credential}'",
            ["$top"] = "5",
        });

        string safe = RequestLog.SafeQuery(query, credential);

        Assert.DoesNotContain(credential, safe);
        Assert.Contains("$top=5", safe);
        Assert.Contains("x=***", safe);
    }

    [Fact]
    public void The_console_line_is_one_line_with_secret_fields_masked_and_the_exception_folded_in()
    {
        var formatter = new CompactConsoleFormatter();
        var state = new Dictionary<string, object?> { ["Token"] = "opaque-secret-value", ["Resource"] = "clients", ["{OriginalFormat}"] = "x" }.ToList();
        var entry = new Microsoft.Extensions.Logging.Abstractions.LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Warning, "HarvestOData.Sync", default, state, new InvalidOperationException("boom\nsecond line"),
            (_, _) => "pass of clients with opaque-secret-value failed");
        using var output = new StringWriter();

        formatter.Write(entry, null, output);

        string line = output.ToString();
        Assert.Single(line.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(" WRN HarvestOData.Sync pass of clients with *** failed", line);
        Assert.DoesNotContain("opaque-secret-value", line);
        Assert.Contains("exception=\"System.InvalidOperationException: boom\\nsecond line\"", line);
    }
}
