using System.Net;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>The tokens page: a new token's secret shown once and usable at once, revocation, and revoking one's own token.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TokensPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    [Fact]
    public async Task A_created_token_s_secret_is_shown_once_signs_in_elsewhere_and_is_refused_once_revoked()
    {
        await Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Tokens");
        var name = HttpApi.Unique("pipeline");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Name" }).FillAsync(name);
        await Page.GetByRole(AriaRole.Combobox, new() { Name = "Role" }).SelectOptionAsync("submitter");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();

        var panel = Page.GetByRole(AriaRole.Region, new() { Name = "New token" });
        await Expect(panel).ToContainTextAsync("it will not be shown again");
        var secretField = panel.GetByRole(AriaRole.Textbox, new() { Name = $"Token for {name} (submitter)" });
        await Expect(secretField).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^mgr_[A-Za-z0-9_-]{43}$"));
        var secret = await secretField.InputValueAsync();
        await panel.GetByRole(AriaRole.Button, new() { Name = "Copy" }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(secret, await Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        var row = Session.Row(name);
        await Expect(row).ToContainTextAsync("submitter");
        await Session.ScreenshotAsync("tokens");
        await Session.ExpectAccessibleAsync();

        await panel.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(panel).ToBeHiddenAsync();
        Assert.Equal("", await Page.Locator("#new-token-secret").InputValueAsync());
        Assert.DoesNotContain(secret, await Page.ContentAsync());

        // The secret signs in from another browser context (a new session: nothing shared with this one).
        await using var elsewhere = await DashboardSession.OpenAsync(Chromium, App);
        await elsewhere.SignInAsync(secret);
        await Expect(elsewhere.Page.Locator("#who")).ToHaveTextAsync($"{name} (submitter)");

        await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(name);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke token" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        using (var revoked = ClientWith(secret))
            await (await revoked.GetAsync("/whoami")).ExpectProblem(HttpStatusCode.Unauthorized);

        // The other session's next call is refused: it signs out and says why.
        await elsewhere.Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" }).GetByRole(AriaRole.Link, new() { Name = "Settings" }).ClickAsync();
        await Expect(elsewhere.Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(elsewhere.Page.Locator("#sign-in-error")).ToContainTextAsync("refused this token");
    }

    [Fact]
    public async Task Revoking_one_s_own_token_with_the_keyboard_signs_the_page_out()
    {
        var name = HttpApi.Unique("night-operator");
        var own = await CreateToken("operator", name);
        await Session.SignInAsync(own);
        await Session.GoToAsync("Tokens");
        var row = Session.Row($"{name} (you)");
        var revoke = row.GetByRole(AriaRole.Button, new() { Name = "Revoke" });

        await revoke.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("It is the token you are signed in with: you will be signed out.");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke token" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Space");

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(Page.Locator("#sign-in-error")).ToContainTextAsync("refused this token");
        await Expect(Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" })).ToBeHiddenAsync();
        using var revoked = ClientWith(own);
        await (await revoked.GetAsync("/whoami")).ExpectProblem(HttpStatusCode.Unauthorized);
    }
}
