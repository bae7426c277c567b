using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>The overview's completions per minute: they move as tasks complete and are right as soon as a page loads.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OverviewPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    private const string CompletionsPerMinute = "#throughput-summary dd[data-count='completions per minute']";

    [Fact]
    public async Task Completions_per_minute_move_as_tasks_complete_and_a_page_loaded_later_shows_them_at_once()
    {
        await Session.SignInAsync(TestTokens.Operator);
        var figure = Page.Locator(CompletionsPerMinute);
        await Expect(figure).ToHaveTextAsync("0");

        var workerId = await Api.RegisterId(HttpApi.Unique("render"));
        for (var i = 0; i < 3; i++) await Api.SubmitId();
        await CompleteNextTask(workerId);
        await Expect(figure).ToHaveTextAsync("1");
        await CompleteNextTask(workerId);
        await CompleteNextTask(workerId);
        await Expect(figure).ToHaveTextAsync("3");
        await Session.ScreenshotAsync("overview");
        await Session.ExpectAccessibleAsync();

        // A page opened afterwards gets the figure with its first event (the resync), not after the next completion.
        await using var later = await DashboardSession.OpenAsync(Chromium, App);
        await later.SignInAsync(TestTokens.Operator);
        await Expect(later.Page.Locator(CompletionsPerMinute)).ToHaveTextAsync("3");
        Assert.Empty(Session.ConsoleErrors);
    }
}
