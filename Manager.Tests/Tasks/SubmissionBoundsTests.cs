using System.Text;
using System.Text.Json;
using Manager.Actors.Common;
using Manager.Actors.Tasks;
using TaskStatus = Manager.Actors.Tasks.TaskStatus;

namespace Manager.Tests.Tasks;

/// <summary>Sizes of settings, tags and activity (docs/api.md, "Bounds").</summary>
public class SubmissionBoundsTests
{
    private static SubmitTask WithTags(params string[] tags) => RulesDriver.Exec(tags: tags);

    private static string[] Tags(int count) => [.. Enumerable.Range(1, count).Select(i => $"tag-{i}")];

    [Fact]
    public void Thirty_two_tags_of_64_characters_are_accepted()
    {
        string[] tags = [.. Tags(31), new string('t', 64)];

        Assert.Equal(tags, new RulesDriver().Submitted(WithTags(tags)).Tags);
    }

    public static TheoryData<string[]> BadTags => new()
    {
        Tags(33),
        new[] { "gpu", new string('t', 65) },
        new[] { "" },
        new[] { "gpu", " " },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public void Too_many_or_too_long_or_blank_tags_are_invalid_under_tags(string[] tags)
    {
        var decision = new RulesDriver().Submit(WithTags(tags));

        Assert.Equal(["tags"], Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal).Errors.Keys);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Tag_length_counts_characters_not_utf16_units()
    {
        var emoji = string.Concat(Enumerable.Repeat("🔥", 64)); // 128 UTF-16 units, 64 characters

        Assert.Null(Bounds.TagsProblem([emoji]));
        Assert.NotNull(Bounds.TagsProblem([emoji + "🔥"]));
        Assert.NotNull(Bounds.TagsProblem(["   "]));
        Assert.Null(Bounds.TagsProblem(null));
    }

    [Fact]
    public void Settings_of_64_KiB_are_accepted_and_one_byte_more_is_invalid_under_settings()
    {
        var farm = new RulesDriver();
        var exactly = PaddedExecSettings(Bounds.MaxSettingsBytes);
        Assert.Equal(Bounds.MaxSettingsBytes, Encoding.UTF8.GetByteCount(exactly));
        farm.Submitted(new SubmitTask(null, "exec_command", null, exactly, null, []));

        var decision = farm.Submit(new SubmitTask(null, "exec_command", null, PaddedExecSettings(Bounds.MaxSettingsBytes + 1), null, []));

        var invalid = Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal);
        Assert.Equal(["settings"], invalid.Errors.Keys);
        Assert.Contains("64 KiB", invalid.Errors["settings"][0]);
    }

    [Fact]
    public void Settings_are_measured_in_utf8_bytes()
    {
        // 30,000 'é' are 30,000 UTF-16 units but 60,000 bytes; with the rest of the JSON over 64 KiB.
        var settings = JsonSerializer.Serialize(new { argv = new[] { "echo", new string('é', 33_000) } },
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.True(settings.Length < Bounds.MaxSettingsBytes);

        var decision = new RulesDriver().Submit(new SubmitTask(null, "exec_command", null, settings, null, []));

        Assert.Equal(["settings"], Assert.IsType<Refusal.Invalid>(decision.Outcome.Refusal).Errors.Keys);
    }

    [Fact]
    public void A_worker_activity_longer_than_1_KiB_is_cut_not_refused()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Exec());
        Assert.Equal(task.Id, farm.Claimed(1));

        var decision = farm.FromWorker(task.Id, 1, activity: new string('a', 1000) + new string('€', 1000)); // '€' is 3 bytes

        Assert.Null(decision.Outcome.Refusal);
        var stored = farm.Task(task.Id).Activity!;
        Assert.True(Encoding.UTF8.GetByteCount(stored) <= Bounds.MaxActivityBytes);
        Assert.Equal(new string('a', 1000) + new string('€', 8), stored); // 1000 + 24 bytes; a 9th '€' would pass 1 KiB
    }

    [Fact]
    public void An_activity_from_the_parser_is_cut_too()
    {
        var farm = new RulesDriver();
        var task = farm.Submitted(RulesDriver.Blender());
        Assert.Equal(task.Id, farm.Claimed(1));

        farm.FromWorker(task.Id, 1, log: "Fra:1 Mem:1M | " + new string('x', 5000) + "\n");

        Assert.Equal(TaskStatus.Rendering, farm.Task(task.Id).Status);
        Assert.InRange(Encoding.UTF8.GetByteCount(farm.Task(task.Id).Activity ?? ""), 1, Bounds.MaxActivityBytes);
    }

    [Fact]
    public void Cutting_never_splits_a_character()
    {
        var text = "a" + string.Concat(Enumerable.Repeat("🔥", 10)); // 1 + 40 bytes

        Assert.Equal("a🔥", Bounds.CutToUtf8Bytes(text, 6));
        Assert.Equal("a🔥", Bounds.CutToUtf8Bytes(text, 8));
        Assert.Equal("a🔥🔥", Bounds.CutToUtf8Bytes(text, 9));
        Assert.Same(text, Bounds.CutToUtf8Bytes(text, 41));
    }

    private static string PaddedExecSettings(int bytes)
    {
        var empty = JsonSerializer.Serialize(new { argv = new[] { "echo", "" } });
        return JsonSerializer.Serialize(new { argv = new[] { "echo", new string('x', bytes - Encoding.UTF8.GetByteCount(empty)) } });
    }
}
