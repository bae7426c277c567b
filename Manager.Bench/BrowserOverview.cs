using System.Diagnostics;
using Microsoft.Playwright;

namespace Manager.Bench;

/// <summary>
/// The dashboard's sign-in in a real browser: Debian's Chromium driven by Playwright (as Manager.Tests/Browser does, never
/// `playwright install`). Times, on a fresh page each time, from the click on "Sign in" until the overview shows every
/// worker (online + offline = the farm's) and the tasks by status: the requests, the browser's parse, its maps and the draw.
/// </summary>
public static class BrowserOverview
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    /// <summary>The overview drawn: the workers' counts add up to <c>n</c> and the tasks' counts are shown.</summary>
    private const string Drawn = """
        n => {
          const count = name => Number(document.querySelector(`#workers-summary [data-count="${name}"]`)?.textContent ?? "NaN");
          return count("online") + count("offline") === n && document.querySelectorAll("#tasks-summary dd").length > 0;
        }
        """;

    /// <summary>Milliseconds from the click to the overview drawn, <paramref name="repetitions"/> times.</summary>
    public static async Task<List<double>> MeasureAsync(Uri baseAddress, int workers, int repetitions)
    {
        if (!File.Exists(ExecutablePath)) throw new InvalidOperationException($"{ExecutablePath} not found: install Debian's chromium");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath, Headless = true, Args = Flags, Timeout = 30_000,
        });
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            await using var context = await browser.NewContextAsync();
            var page = await context.NewPageAsync();
            await page.GotoAsync(baseAddress.ToString());
            await page.GetByLabel("Token", new() { Exact = true }).FillAsync(FarmClient.OperatorToken);
            var t0 = Stopwatch.GetTimestamp();
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForFunctionAsync(Drawn, workers, new() { Timeout = 60_000, PollingInterval = 5 });
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return times;
    }
}
