using System.Net;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>The settings page: the API's validation message by the field, a saved value, and a submitter's read-only view.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SettingsPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    [Fact]
    public async Task A_bad_value_shows_the_api_s_message_by_the_field_and_a_good_one_is_saved()
    {
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Settings");
        var field = Page.GetByRole(AriaRole.Spinbutton, new() { Name = "blocklist_threshold" });
        await Expect(field).ToHaveValueAsync("3");
        await Expect(Page.GetByRole(AriaRole.Spinbutton)).ToHaveCountAsync(5);

        // Keyboard only: type and press Enter in the field.
        await field.FillAsync("0");
        await field.PressAsync("Enter");
        var message = Page.Locator("#setting-blocklist_threshold-message");
        await Expect(message).ToHaveTextAsync("must be a whole number from 1 to 100");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^must be a whole number from 1 to 100"));
        await Expect(field).ToHaveValueAsync("0"); // what was typed stays
        await Session.ScreenshotAsync("settings-invalid");
        Assert.Equal(3, (int)(await Api.GetObject("/settings"))["blocklist_threshold"]!);

        await Api.Setting("worker_timeout_seconds", 45); // meanwhile another operator, through the API
        await field.FillAsync("5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save blocklist_threshold" }).ClickAsync();
        await Expect(message).ToHaveTextAsync("Saved: 5.");
        await Expect(field).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(5, (int)(await Api.GetObject("/settings"))["blocklist_threshold"]!);
        // After a save the page reads every setting again: the other operator's change shows too.
        await Expect(Page.GetByRole(AriaRole.Spinbutton, new() { Name = "worker_timeout_seconds" })).ToHaveValueAsync("45");

        var linux = Page.GetByRole(AriaRole.Textbox, new() { Name = "Linux" });
        await linux.FillAsync("/opt/blender-4.2/blender");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save blender_path" }).ClickAsync();
        await Expect(Page.Locator("#setting-blender_path-message")).ToHaveTextAsync("""Saved: {"Linux":"/opt/blender-4.2/blender"}.""");
        Assert.Equal("/opt/blender-4.2/blender", (string?)(await Api.GetObject("/settings"))["blender_path"]!["Linux"]);
        await Session.ScreenshotAsync("settings");
        await Session.ExpectAccessibleAsync();
        Assert.DoesNotContain(Session.ConsoleErrors, e => !e.Contains("422"));
    }

    [Fact]
    public async Task The_page_reads_the_settings_again_when_opened()
    {
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Settings");
        var field = Page.GetByRole(AriaRole.Spinbutton, new() { Name = "worker_timeout_seconds" });
        await Expect(field).ToHaveValueAsync("30");

        await Api.Setting("worker_timeout_seconds", 45); // another operator, through the API
        await Session.GoToAsync("Overview");
        await Session.GoToAsync("Settings");
        await Expect(field).ToHaveValueAsync("45");
    }

    [Fact]
    public async Task A_submitter_reads_the_settings_without_a_form()
    {
        await Api.Setting("task_max_attempts", 7);
        await Session.SignInAsync(await CreateToken("submitter"));
        await Session.GoToAsync("Settings");
        await Expect(Page.Locator("[data-value=task_max_attempts]")).ToHaveTextAsync("7");
        await Expect(Page.GetByText("Read only: operators change the settings.")).ToBeVisibleAsync();
        await Expect(Page.Locator("#settings-list form")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToHaveCountAsync(0);
        await Session.ScreenshotAsync("settings-as-submitter");
        await Session.ExpectAccessibleAsync();
    }
}
