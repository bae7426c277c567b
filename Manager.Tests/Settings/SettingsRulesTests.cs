using System.Text.Json;
using System.Text.Json.Nodes;
using Manager.Actors.Settings;

namespace Manager.Tests.Settings;

public class SettingsRulesTests
{
    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static string? Validate(string name, string json) => SettingsRules.Validate(name, Parse(json));

    [Fact]
    public void The_five_contract_settings_and_job_fail_percent_are_known_with_their_defaults()
    {
        Assert.Equal(["worker_timeout_seconds", "task_max_attempts", "blocklist_threshold", "default_priority", "blender_path", "job_fail_percent"],
            SettingsRules.Names);
        Assert.All(SettingsRules.Names, name => Assert.True(SettingsRules.IsKnown(name)));
        Assert.False(SettingsRules.IsKnown("Worker_Timeout_Seconds"));
        Assert.False(SettingsRules.IsKnown("max_attempts"));

        var all = SettingsRules.AllValues(ManagerSettings.Defaults);
        Assert.Equal("""{"worker_timeout_seconds":30,"task_max_attempts":3,"blocklist_threshold":3,"default_priority":0,"blender_path":{},"job_fail_percent":10}""",
            all.ToJsonString());
    }

    [Theory]
    [InlineData("worker_timeout_seconds", "1")]
    [InlineData("worker_timeout_seconds", "30")]
    [InlineData("worker_timeout_seconds", "86400")]
    [InlineData("task_max_attempts", "1")]
    [InlineData("task_max_attempts", "100")]
    [InlineData("blocklist_threshold", "1")]
    [InlineData("blocklist_threshold", "100")]
    [InlineData("job_fail_percent", "0")]
    [InlineData("job_fail_percent", "100")]
    [InlineData("default_priority", "0")]
    [InlineData("default_priority", "-2147483648")]
    [InlineData("default_priority", "2147483647")]
    [InlineData("blender_path", "{}")]
    [InlineData("blender_path", """{"Linux": "/opt/blender/blender"}""")]
    [InlineData("blender_path", """{"Linux": "/usr/bin/blender", "Darwin": "/Applications/Blender.app/Contents/MacOS/Blender", "Windows": "C:\\Program Files\\Blender\\blender.exe"}""")]
    public void Valid_values_pass(string name, string json) => Assert.Null(Validate(name, json));

    [Theory]
    [InlineData("worker_timeout_seconds", "0")]
    [InlineData("worker_timeout_seconds", "-1")]
    [InlineData("worker_timeout_seconds", "86401")]
    [InlineData("worker_timeout_seconds", "\"30\"")]
    [InlineData("worker_timeout_seconds", "30.5")]
    [InlineData("worker_timeout_seconds", "true")]
    [InlineData("worker_timeout_seconds", "null")]
    [InlineData("worker_timeout_seconds", "[30]")]
    [InlineData("worker_timeout_seconds", "{}")]
    [InlineData("task_max_attempts", "0")]
    [InlineData("task_max_attempts", "101")]
    [InlineData("task_max_attempts", "\"3\"")]
    [InlineData("task_max_attempts", "2.5")]
    [InlineData("blocklist_threshold", "0")]
    [InlineData("blocklist_threshold", "101")]
    [InlineData("job_fail_percent", "-1")]
    [InlineData("job_fail_percent", "101")]
    [InlineData("job_fail_percent", "\"10\"")]
    [InlineData("blocklist_threshold", "false")]
    [InlineData("default_priority", "2147483648")]
    [InlineData("default_priority", "-2147483649")]
    [InlineData("default_priority", "99999999999999999999999")]
    [InlineData("default_priority", "\"high\"")]
    [InlineData("default_priority", "1.5")]
    [InlineData("blender_path", "\"/usr/bin/blender\"")]
    [InlineData("blender_path", "null")]
    [InlineData("blender_path", "[]")]
    [InlineData("blender_path", """{"linux": "/usr/bin/blender"}""")]
    [InlineData("blender_path", """{"FreeBSD": "/usr/local/bin/blender"}""")]
    [InlineData("blender_path", """{"Linux": ""}""")]
    [InlineData("blender_path", """{"Linux": "   "}""")]
    [InlineData("blender_path", """{"Linux": null}""")]
    [InlineData("blender_path", """{"Linux": 5}""")]
    [InlineData("blender_path", """{"Linux": ["/usr/bin/blender"]}""")]
    [InlineData("blender_path", """{"Linux": "/a", "Linux": "/b"}""")]
    public void Invalid_values_are_rejected_with_a_message(string name, string json)
    {
        var error = Validate(name, json);
        Assert.False(string.IsNullOrWhiteSpace(error), $"{name} = {json} should be invalid");
    }

    [Fact]
    public void A_blender_path_is_bounded_to_4096_characters_and_has_no_nul()
    {
        string PathOf(int length) => "/" + new string('b', length - 1);

        Assert.Null(Validate("blender_path", $$"""{"Linux": "{{PathOf(4096)}}"}"""));
        Assert.Contains("at most 4096 characters", Validate("blender_path", $$"""{"Linux": "{{PathOf(4097)}}"}"""));
        Assert.Contains("NUL", Validate("blender_path", """{"Linux": "/usr/bin/blender\u0000x"}"""));
    }

    [Theory]
    [InlineData("3.0")]
    [InlineData("3e0")]
    [InlineData("1E1")]
    public void Numbers_written_with_a_fraction_or_exponent_are_either_rejected_or_applied(string json)
    {
        // Whatever Validate accepts, With must be able to apply (SettingsActor persists first, then applies).
        foreach (var name in new[] { "worker_timeout_seconds", "task_max_attempts", "blocklist_threshold", "default_priority", "job_fail_percent" })
        {
            if (Validate(name, json) is null)
                _ = SettingsRules.With(ManagerSettings.Defaults, name, Parse(json));
        }
        Assert.NotNull(Validate("task_max_attempts", json));
    }

    [Fact]
    public void Every_valid_value_can_be_applied()
    {
        // SettingsActor persists a validated value before applying it: a value that validates but cannot be
        // applied would be an event that breaks every recovery.
        string[] candidates =
        [
            "0", "1", "3", "100", "86400", "-5", "2147483647", "-2147483648", "1.0", "1e2", "\"3\"", "null", "true",
            "{}", """{"Linux": "/a"}""", """{"Linux": "/a", "Linux": "/b"}""", """{"Windows": "C:\\b.exe", "Darwin": "/c"}""",
        ];
        foreach (var name in SettingsRules.Names)
        foreach (var json in candidates)
        {
            if (Validate(name, json) is not null) continue;
            var applied = SettingsRules.With(ManagerSettings.Defaults, name, Parse(json));
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), SettingsRules.ValueOf(applied, name)), $"{name} = {json}");
        }
    }

    [Fact]
    public void An_unknown_name_is_an_error_for_Validate_and_an_exception_for_With_and_ValueOf()
    {
        Assert.Contains("unknown setting 'max_workers'", Validate("max_workers", "1"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingsRules.With(ManagerSettings.Defaults, "max_workers", Parse("1")));
        Assert.Throws<ArgumentOutOfRangeException>(() => SettingsRules.ValueOf(ManagerSettings.Defaults, "max_workers"));
    }

    [Theory]
    [InlineData("worker_timeout_seconds", "120")]
    [InlineData("task_max_attempts", "7")]
    [InlineData("blocklist_threshold", "1")]
    [InlineData("default_priority", "-40")]
    [InlineData("job_fail_percent", "0")]
    [InlineData("blender_path", """{"Linux":"/opt/blender-4.2/blender","Windows":"C:\\Blender\\blender.exe"}""")]
    public void With_then_ValueOf_round_trips(string name, string json)
    {
        Assert.Null(Validate(name, json));

        var settings = SettingsRules.With(ManagerSettings.Defaults, name, Parse(json));

        Assert.Equal(json, SettingsRules.ValueOf(settings, name).ToJsonString());
        Assert.Equal(json, SettingsRules.AllValues(settings)[name]!.ToJsonString());
        foreach (var other in SettingsRules.Names.Where(n => n != name))
            Assert.Equal(SettingsRules.ValueOf(ManagerSettings.Defaults, other).ToJsonString(), SettingsRules.ValueOf(settings, other).ToJsonString());
    }

    [Fact]
    public void With_sets_the_typed_fields()
    {
        var s = ManagerSettings.Defaults;
        s = SettingsRules.With(s, "worker_timeout_seconds", Parse("45"));
        s = SettingsRules.With(s, "task_max_attempts", Parse("9"));
        s = SettingsRules.With(s, "blocklist_threshold", Parse("4"));
        s = SettingsRules.With(s, "default_priority", Parse("-7"));
        s = SettingsRules.With(s, "blender_path", Parse("""{"Darwin": "/Applications/Blender.app/Contents/MacOS/Blender"}"""));
        s = SettingsRules.With(s, "job_fail_percent", Parse("25"));

        Assert.Equal(25, s.JobFailPercent);
        Assert.Equal(10, ManagerSettings.Defaults.JobFailPercent);
        Assert.Equal(45, s.WorkerTimeoutSeconds);
        Assert.Equal(TimeSpan.FromSeconds(45), s.WorkerTimeout);
        Assert.Equal(9, s.TaskMaxAttempts);
        Assert.Equal(4, s.BlocklistThreshold);
        Assert.Equal(-7, s.DefaultPriority);
        Assert.Equal(new Dictionary<string, string> { ["Darwin"] = "/Applications/Blender.app/Contents/MacOS/Blender" }, s.BlenderPath);

        // blender_path is replaced, not merged
        s = SettingsRules.With(s, "blender_path", Parse("""{"Linux": "/b"}"""));
        Assert.Equal(["Linux"], s.BlenderPath.Keys);
        s = SettingsRules.With(s, "blender_path", Parse("{}"));
        Assert.Empty(s.BlenderPath);
        Assert.Equal(30, ManagerSettings.Defaults.WorkerTimeoutSeconds); // the defaults are untouched
    }

    [Fact]
    public void ValueOf_gives_json_numbers_and_objects()
    {
        var s = ManagerSettings.Defaults with { DefaultPriority = 12, BlenderPath = new Dictionary<string, string> { ["Linux"] = "/x" } };
        Assert.Equal(JsonValueKind.Number, SettingsRules.ValueOf(s, "default_priority").GetValueKind());
        Assert.Equal(12, SettingsRules.ValueOf(s, "default_priority").GetValue<int>());
        Assert.Equal("/x", SettingsRules.ValueOf(s, "blender_path")["Linux"]!.GetValue<string>());
    }
}
