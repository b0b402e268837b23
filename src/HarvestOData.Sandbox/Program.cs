using HarvestOData.Harvest.Configuration;
using HarvestOData.Sandbox;
using Microsoft.Extensions.Options;

// The runnable Harvest sandbox: `dotnet run --project src/HarvestOData.Sandbox -- --urls http://127.0.0.1:5081`.
// Settings come from the `Sandbox` configuration section (e.g. --Sandbox:TimeEntries=200000).
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
    builder.WebHost.UseUrls("http://127.0.0.1:5081");
HarvestSandbox sandbox;
try
{
    sandbox = new HarvestSandbox(builder.Configuration.ReadValidated<SandboxOptions>(SandboxOptions.Section));
}
catch (OptionsValidationException e)
{
    Console.Error.WriteLine($"Invalid configuration: {string.Join(" ", e.Failures)}");
    return 1;
}

var app = builder.Build();
app.MapHarvestSandbox(sandbox);
app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
        Console.WriteLine($"Harvest sandbox API: {url.TrimEnd('/')}/v2/");
    Console.WriteLine($"Harvest-Account-Id: {sandbox.AccountId}");
    foreach (var user in new[] { sandbox.Administrator, sandbox.Manager, sandbox.Member })
        Console.WriteLine($"{user.Role,-13} user {user.UserId}: Authorization: Bearer {user.Token}");
    Console.WriteLine("Send a User-Agent such as \"MyApp (me@example.com)\" with every request.");
});
await app.RunAsync();
return 0;
