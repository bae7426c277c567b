using System.Net;
using Manager.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Manager.Tests.Browser;

/// <summary>The workers page: the stats a worker reported, the switch, the blocklist, removal, and what a submitter sees.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkersPageTests(ChromiumFixture chromium) : DashboardPageTests(chromium)
{
    [Fact]
    public async Task A_worker_s_reported_cpu_memory_and_load_show_in_its_stats_row_and_follow_its_reports()
    {
        var hostname = HttpApi.Unique("render");
        var registered = await Api.Register(hostname, tags: ["gpu"]);
        var workerId = (long)registered["id"]!;
        using var worker = ClientWith((string)registered["token"]!);
        await ReportStats(worker, workerId, cpu: 7.5);
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Workers");

        var row = Session.Row(hostname);
        await Expect(row).ToContainTextAsync("gpu");
        var toggle = row.GetByRole(AriaRole.Button, new() { Name = "Stats" });
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        var stats = Page.Locator($"#stats-{workerId}");
        // Read when the row opens, not at the first 5-second refresh.
        await Expect(stats).ToContainTextAsync("CPU7.5 %", new() { Timeout = 4_000 });
        await Expect(stats).ToContainTextAsync("Memory56.7 %");
        await Expect(stats).ToContainTextAsync("2.18 · 2.11 · 2.05");
        await Expect(stats).ToContainTextAsync("CPUs16");
        await Expect(stats).ToContainTextAsync("x86_64");
        await Session.ScreenshotAsync("workers");
        await Session.ExpectAccessibleAsync();

        // While the row is open it reads the stats again (every 5 s): the next report shows without a click.
        await ReportStats(worker, workerId, cpu: 42.5);
        await Expect(stats).ToContainTextAsync("CPU42.5 %", new() { Timeout = 15_000 });

        await toggle.ClickAsync();
        await Expect(stats).ToHaveCountAsync(0);
        Assert.Empty(Session.ConsoleErrors);
    }

    [Fact]
    public async Task Disable_and_enable_flip_the_worker_s_switch()
    {
        var hostname = HttpApi.Unique("render");
        await Api.RegisterId(hostname);
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Workers");
        var row = Session.Row(hostname);

        await row.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("disabled");
        Assert.Equal("disabled", (string?)(await Api.Worker(hostname))["status"]);

        await row.GetByRole(AriaRole.Button, new() { Name = "Enable" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("enabled");
        Assert.Equal("enabled", (string?)(await Api.Worker(hostname))["status"]);
    }

    [Fact]
    public async Task A_worker_blocklisted_through_a_failure_shows_it_live_and_clear_blocklist_empties_it()
    {
        await Api.Setting("blocklist_threshold", 1);
        var hostname = HttpApi.Unique("render");
        var workerId = await Api.RegisterId(hostname);
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Workers");
        var row = Session.Row(hostname);
        var blocklisted = row.GetByRole(AriaRole.Cell).Nth(5);
        await Expect(blocklisted).ToHaveTextAsync("—");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Clear blocklist" })).ToHaveCountAsync(0);

        // One failed blender_render task at a threshold of 1: the page learns it from the event stream, not a reload.
        await Api.SubmitId();
        var taskId = (await Api.Poll(workerId))!.Value;
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, await Api.Token(taskId), status: "failed"));
        await Expect(blocklisted).ToHaveTextAsync("blender_render");
        Assert.Equal(["blender_render"], (await Api.Worker(hostname))["blocklisted_types"]!.AsArray().Select(t => (string?)t));

        await row.GetByRole(AriaRole.Button, new() { Name = "Clear blocklist" }).ClickAsync();
        await Expect(blocklisted).ToHaveTextAsync("—");
        Assert.Empty((await Api.Worker(hostname))["blocklisted_types"]!.AsArray());
    }

    [Fact]
    public async Task Removing_a_worker_with_the_keyboard_asks_first_and_its_row_disappears()
    {
        var hostname = HttpApi.Unique("render");
        var workerId = await Api.RegisterId(hostname);
        await Api.SubmitId();
        var taskId = (await Api.Poll(workerId))!.Value;
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Workers");
        var row = Session.Row(hostname);
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = $"task {taskId}" })).ToHaveAttributeAsync("href", $"#task/{taskId}");

        // Tab from the Stats button past Disable to Remove; Space opens the question; Escape keeps the worker.
        await row.GetByRole(AriaRole.Button, new() { Name = "Stats" }).FocusAsync();
        await Page.Keyboard.PressAsync("Tab");
        await Page.Keyboard.PressAsync("Tab");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Remove" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Space");
        var dialog = Page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(hostname);
        await Expect(dialog).ToContainTextAsync($"Task {taskId}, which it holds, goes back to the queue");
        await Page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(row).ToBeVisibleAsync();

        await Page.Keyboard.PressAsync("Space");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Tab"); // from "Keep it" to "Remove worker"
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Remove worker" })).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(row).ToHaveCountAsync(0);

        await (await Api.GetAsync($"/workers/{workerId}")).ExpectProblem(HttpStatusCode.NotFound);
        Assert.Equal("queued", (string?)(await Api.GetTask(taskId))["status"]);
    }

    [Fact]
    public async Task A_submitter_sees_the_workers_and_their_stats_but_no_worker_action_and_no_tokens_page()
    {
        var hostname = HttpApi.Unique("render");
        await Api.Setting("blocklist_threshold", 1);
        var workerId = await Api.RegisterId(hostname);
        await Api.SubmitId();
        var taskId = (await Api.Poll(workerId))!.Value;
        Assert.Equal(HttpStatusCode.NoContent, await Api.WorkerUpdate(taskId, workerId, await Api.Token(taskId), status: "failed"));
        var submitter = await CreateToken("submitter");

        await Session.SignInAsync(submitter);
        var nav = Page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Settings" })).ToBeVisibleAsync();
        await Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Tokens" })).ToHaveCountAsync(0);
        await Session.GoToAsync("Workers");
        var row = Session.Row(hostname);
        await Expect(row).ToContainTextAsync("blender_render");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Stats" })).ToBeVisibleAsync();
        foreach (var action in new[] { "Disable", "Enable", "Clear blocklist", "Remove" })
            await Expect(Page.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(0);

        await Page.EvaluateAsync("() => { location.hash = '#tokens'; }");
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Tokens", Level = 1 })).ToBeHiddenAsync();
    }

    /// <summary>PATCH /workers/{id} with both stats objects, from the worker's own token, as the reference worker sends them.</summary>
    [Fact]
    public async Task Workers_show_500_a_page_and_the_search_finds_one_by_host_name_or_tag()
    {
        var prefix = HttpApi.Unique("farm");
        await Parallel.ForEachAsync(Enumerable.Range(1, 501), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => await Api.RegisterId($"{prefix}-{i:D3}", i == 321 ? new[] { "gpu-a100" } : Array.Empty<string>()));
        await Session.SignInAsync(TestTokens.Operator);
        await Session.GoToAsync("Workers");

        var pages = Page.GetByRole(AriaRole.Group, new() { Name = "Worker pages" });
        await Expect(pages).ToContainTextAsync("Workers 1–500 of 501");
        await Expect(Page.Locator("#worker-rows > tr")).ToHaveCountAsync(500);
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Previous workers" })).ToBeDisabledAsync();
        await pages.GetByRole(AriaRole.Button, new() { Name = "Next workers" }).ClickAsync();
        await Expect(pages).ToContainTextAsync("Workers 501–501 of 501");
        await Expect(Page.Locator("#worker-rows > tr")).ToHaveCountAsync(1);
        await Expect(Session.Row($"{prefix}-501")).ToBeVisibleAsync();
        await Expect(pages.GetByRole(AriaRole.Button, new() { Name = "Next workers" })).ToBeDisabledAsync();

        var search = Page.Locator("#worker-search");
        await search.FillAsync("A100"); // a tag, any case
        await Expect(Page.Locator("#worker-rows > tr")).ToHaveCountAsync(1);
        await Expect(Session.Row($"{prefix}-321")).ToBeVisibleAsync();
        await Expect(pages).ToBeHiddenAsync(); // one page holds them
        await search.FillAsync($"{prefix}-00"); // a host name: 001 … 009
        await Expect(Page.Locator("#worker-rows > tr")).ToHaveCountAsync(9);
        await search.FillAsync("no-such-host");
        await Expect(Page.GetByText("No worker matches the search.")).ToBeVisibleAsync();
        Assert.Empty(Session.ConsoleErrors);
    }

    private static async Task ReportStats(HttpClient worker, long workerId, double cpu)
    {
        var cpuText = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"update_frequent":{"load_average":{"1min":2.18,"5min":2.11,"15min":2.05},"worker_cpu_percent":{{{cpuText}}}},
             "update_less_frequent":{"worker_architecture":"x86_64","worker_disk_percent":90.7,"worker_mem_percent":56.7,"worker_num_cpus":16}}
            """;
        await (await worker.PatchJson($"/workers/{workerId}", body)).Expect(HttpStatusCode.OK);
    }
}
