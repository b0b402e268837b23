using System.Net.Sockets;
using System.Text;
using HarvestOData.Sandbox;
using HarvestOData.Server.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HarvestOData.Server.Writes.Tests.Writes;

/// <summary>
/// A write whose body ends before its <c>Content-Length</c> (a client that gave up, a proxy that cut it) is a 400 naming
/// the problem, never a 500: on a real Kestrel socket, since the in-memory test server cannot send such a request.
/// </summary>
// SQLite only: the body is refused while it is read, before any storage is touched (the mirror is never even synced).
public sealed class BodyLengthTests : IAsyncLifetime
{
    private readonly HarvestSandbox _sandbox = new(new SandboxOptions { TimeEntries = 50, Users = 5, Projects = 4, Clients = 2, RateLimitRequests = 1000, RateLimitWindowSeconds = 1 });
    private readonly string _mirror = MirrorFile.NewPath();
    private ServerFactory _server = null!;
    private Uri _address = null!;

    public Task InitializeAsync()
    {
        _server = new ServerFactory(_sandbox, _mirror, pageSize: 500);
        _server.UseKestrel(0);
        _server.StartServer();
        _address = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("PATCH", "/odata/TimeEntries(1)", """{"Notes":"x"}""")]
    [InlineData("POST", "/odata/TimeEntries", """{"Notes":""")]
    [InlineData("POST", "/odata/$batch", """{"requests":[""")]
    public async Task A_body_shorter_than_its_content_length_is_a_400_not_a_500(string method, string path, string body)
    {
        string answer = await SendAsync(method, path, contentLength: body.Length + 100, body);

        Assert.StartsWith("HTTP/1.1 400", answer);
        Assert.Contains("\"code\":\"BodyIncomplete\"", answer);
        Assert.Equal(0, _sandbox.Counters.CallsOverLimit);
        Assert.Equal(0, _sandbox.Counters.CallsWhileThrottled);
    }

    /// <summary>Sends a raw request whose body is shorter than <paramref name="contentLength"/>; answers the status line onwards.</summary>
    /// <remarks>The socket stays open, as a client waiting for its answer does (one that shuts its sending side is taken by Kestrel as gone).</remarks>
    private async Task<string> SendAsync(string method, string path, int contentLength, string body)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_address.Host, _address.Port);
        string head = $"{method} {path} HTTP/1.1\r\nHost: {_address.Authority}\r\nAuthorization: Bearer {_sandbox.Administrator.Token}\r\n" +
                      $"Content-Type: application/json\r\nContent-Length: {contentLength}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head + body));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token)) > 0)
        {
            received.Write(buffer, 0, read);
            string text = Encoding.UTF8.GetString(received.ToArray());
            if (text.Contains("\r\n\r\n", StringComparison.Ordinal) && text.Contains('}', StringComparison.Ordinal))
                break;
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        MirrorFile.Delete(_mirror);
    }
}
