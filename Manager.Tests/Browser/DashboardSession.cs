using Deque.AxeCore.Playwright;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>
/// One browser tab on a real manager (authentication on): signs in, opens pages, saves screenshots under
/// TestResults/dashboard, and checks a page with axe.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    /// <summary>How long a Playwright expectation waits (the page shows a change within a second; this is the bound).</summary>
    public const float ExpectMs = 10_000;

    private readonly IBrowserContext _context;
    private readonly List<string> _consoleErrors = [];

    private DashboardSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error") _consoleErrors.Add($"{message.Text} ({message.Location})");
        };
        Page.SetDefaultTimeout(ExpectMs);
        SetDefaultExpectTimeout(ExpectMs);
    }

    public IPage Page { get; }

    /// <summary>What the page logged as errors (a test asserts there were none).</summary>
    public IReadOnlyList<string> ConsoleErrors => _consoleErrors;

    public static async Task<DashboardSession> OpenAsync(ChromiumFixture chromium, ManagerApp app)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return new DashboardSession(context, page);
    }

    public async Task SignInAsync(string token)
    {
        await Page.GetByLabel("Token", new() { Exact = true }).FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Opens a page through its link in the navigation (as a keyboard or mouse user would).</summary>
    public async Task GoToAsync(string name)
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>The table row whose header cell is <paramref name="name"/> (a job's name, a worker's host name).</summary>
    public ILocator Row(string name) =>
        Page.GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Rowheader, new() { Name = name, Exact = true }) });

    /// <summary>Opens a page by its address (#job/12, #task/7), as a bookmark or a pasted link would.</summary>
    public Task OpenHashAsync(string hash) => Page.EvaluateAsync("hash => { location.hash = hash; }", hash);

    /// <summary>Presses Tab until <paramref name="target"/> has the focus (at most <paramref name="maxTabs"/> times), as a keyboard user reaches it.</summary>
    public async Task TabToAsync(ILocator target, int maxTabs = 60)
    {
        for (var i = 0; i < maxTabs; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement")) return;
        }
        Assert.Fail($"{maxTabs} presses of Tab did not reach {target}");
    }

    /// <summary>Saves the page as TestResults/dashboard/<paramref name="name"/>.png.</summary>
    public Task ScreenshotAsync(string name) => Page.ScreenshotAsync(new PageScreenshotOptions
    {
        Path = Path.Combine(Bench.BenchProgram.RepoRoot(), "TestResults", "dashboard", $"{name}.png"),
        FullPage = true,
    });

    /// <summary>axe over the page as it is: no serious or critical violation.</summary>
    public async Task ExpectAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.True(bad.Count == 0, "axe found:\n" + string.Join("\n", bad));
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
