using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace HarvestOData.Server.Status.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Selenium. Missing browser or driver is a FAILURE with the fix in the message,
/// never a skip: CI installs both (.ci/install.sh).
/// </summary>
public sealed class Chromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    private readonly TempFolder _profile = new();

    public Chromium()
    {
        if (!File.Exists(BrowserPath) || !File.Exists(DriverPath))
        {
            throw new InvalidOperationException(
                $"The status page tests need Chromium and its driver at {BrowserPath} and {DriverPath}; install them with " +
                "'apt-get update && apt-get install -y chromium chromium-driver' (CI does this in .ci/install.sh).");
        }
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            // Chromium still tries to reach Google on its own; with every name but the test server's unresolvable, a
            // page that renders complete has loaded nothing from outside (the pages must work offline).
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", "--no-pings", "--disable-default-apps", "--disable-extensions",
            $"--user-data-dir={_profile.Path}", "--window-size=1440,2300", "--lang=en-US");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(60);
    }

    public ChromeDriver Driver { get; }

    /// <summary>Every request the browser makes from now on carries <paramref name="authorization"/> (DevTools; Selenium cannot set headers).</summary>
    public void SendAuthorization(string authorization)
    {
        Driver.ExecuteCdpCommand("Network.enable", new Dictionary<string, object?>());
        Driver.ExecuteCdpCommand("Network.setExtraHTTPHeaders", new Dictionary<string, object?>
        {
            ["headers"] = new Dictionary<string, object?> { ["Authorization"] = authorization },
        });
    }

    public T Script<T>(string script, params object[] arguments) => (T)Driver.ExecuteScript(script, arguments)!;

    public object? Script(string script, params object[] arguments) => Driver.ExecuteScript(script, arguments);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after a generous patience (not a timing assertion).</summary>
    public T WaitFor<T>(Func<T?> condition, string what, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var value = condition();
            if (value is not null && !(value is bool b && !b))
                return value;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited in vain for {what}. Page text:\n{PageText()}");
            Thread.Sleep(100);
        }
    }

    public string PageText()
    {
        try
        {
            return Driver.FindElement(By.TagName("body")).Text;
        }
        catch (WebDriverException e)
        {
            return $"(unreadable: {e.Message})";
        }
    }

    public void Screenshot(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Driver.GetScreenshot().SaveAsFile(path);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        _profile.Dispose();
    }
}
