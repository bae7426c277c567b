using System.Text;
using Manager.Worker;
using Microsoft.Extensions.Configuration.Memory;

namespace Manager.Tests.Worker;

/// <summary>
/// The worker's options from the command line, the environment and a config file (<see cref="WorkerOptionsReader"/>).
/// The environment is given as the environment provider hands it on (the prefix removed);
/// <see cref="WorkerProcessOptionsTests"/> runs the real process with real variables.
/// </summary>
public class WorkerOptionsReaderTests
{
    private static OptionsResult Read(string[] args, Dictionary<string, string>? env, Dictionary<string, string>? files) =>
        WorkerOptionsReader.Read(
            args,
            Environment(env ?? []),
            path => files is not null && files.TryGetValue(path, out var text) ? new MemoryStream(Encoding.UTF8.GetBytes(text)) : throw new FileNotFoundException("no such file", path),
            defaultHostname: "Render_Node.01.local",
            defaultWorkDir: "/tmp/worker-test");

    private static MemoryConfigurationSource Environment(Dictionary<string, string> variables) => new()
    {
        InitialData = variables.Select(v =>
        {
            Assert.StartsWith(WorkerOptionsReader.EnvPrefix, v.Key);
            return new KeyValuePair<string, string?>(v.Key[WorkerOptionsReader.EnvPrefix.Length..], v.Value);
        }).ToList(),
    };

    private static WorkerOptions Parse(string[] args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null)
    {
        var result = Read(args, env, files);
        Assert.Null(result.Error);
        return result.Options!;
    }

    private static string Error(string[] args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null)
    {
        var result = Read(args, env, files);
        Assert.Null(result.Options);
        Assert.False(result.HelpRequested);
        return Assert.IsType<string>(result.Error);
    }

    [Fact]
    public void Defaults_apply_when_only_the_manager_is_given()
    {
        var o = Parse(["--manager", "http://m:8080"]);

        Assert.Equal(new Uri("http://m:8080/"), o.Manager);
        Assert.Equal("render-node.01.local", o.Hostname); // the machine name, made a valid host name
        Assert.Equal("/tmp/worker-test", o.WorkDir);
        Assert.Null(o.Blender);
        Assert.Null(o.EnrollmentToken);
        Assert.Equal(TimeSpan.FromSeconds(2), o.PollInterval);
        Assert.Equal(TimeSpan.FromSeconds(0.5), o.PollJitter);
        Assert.Equal(TimeSpan.FromSeconds(3), o.HeartbeatInterval);
        Assert.Equal(["blender", "ffmpeg"], o.Allow);
        Assert.Empty(o.Tags);
        Assert.Null(o.Types);
        Assert.Equal(65536, o.ChunkBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), o.ChunkInterval);
        Assert.Equal(16L * 1024 * 1024, o.QueueBytes);
    }

    [Fact]
    public void Every_option_is_read_from_the_command_line()
    {
        var o = Parse([
            "--manager", "http://m:8080/api", "--hostname", "render-07", "--work-dir", "/srv/w", "--blender", "/opt/blender/blender",
            "--poll-interval", "0.25", "--poll-jitter=0", "--heartbeat-interval", "4", "--allow", "/bin/sh", "--allow", "echo",
            "--tags", "gpu, big", "--types", "blender_render,exec_command", "--chunk-bytes", "4096", "--chunk-interval-ms", "250",
            "--queue-bytes", "65536", "--enrollment-token", "secret",
        ]);

        Assert.Equal(new Uri("http://m:8080/api/"), o.Manager); // keeps its path when requests are appended
        Assert.Equal("render-07", o.Hostname);
        Assert.Equal("/srv/w", o.WorkDir);
        Assert.Equal("/opt/blender/blender", o.Blender);
        Assert.Equal(TimeSpan.FromSeconds(0.25), o.PollInterval);
        Assert.Equal(TimeSpan.Zero, o.PollJitter);
        Assert.Equal(TimeSpan.FromSeconds(4), o.HeartbeatInterval);
        Assert.Equal(["blender", "ffmpeg", "/bin/sh", "echo"], o.Allow);
        Assert.Equal(["gpu", "big"], o.Tags);
        Assert.Equal(["blender_render", "exec_command"], o.Types);
        Assert.Equal(4096, o.ChunkBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ChunkInterval);
        Assert.Equal(65536, o.QueueBytes);
        Assert.Equal("secret", o.EnrollmentToken);
    }

    [Fact]
    public void A_repeated_option_takes_the_last_value_and_a_list_option_collects_them_all()
    {
        var o = Parse(["--manager", "http://first", "--manager", "http://second", "--tags", "a,b", "--tags", "c", "--allow", "/bin/sh,/bin/bash"]);

        Assert.Equal(new Uri("http://second/"), o.Manager);
        Assert.Equal(["a", "b", "c"], o.Tags);
        Assert.Equal(["blender", "ffmpeg", "/bin/sh", "/bin/bash"], o.Allow);
    }

    [Fact]
    public void Allowing_a_program_allowed_by_default_lists_it_once()
    {
        Assert.Equal(["blender", "ffmpeg", "/bin/sh"], Parse(["--manager", "http://m", "--allow", "ffmpeg,/bin/sh,blender"]).Allow);
    }

    [Fact]
    public void A_value_starting_with_at_is_a_value_not_a_response_file()
    {
        Assert.Equal("@token", Parse(["--manager", "http://m", "--enrollment-token", "@token"]).EnrollmentToken);
    }

    [Fact]
    public void Command_line_wins_over_environment_which_wins_over_the_file()
    {
        var file = """
            { "manager": "http://from-file:1", "hostname": "file-host", "poll_interval": 7, "work-dir": "/file/dir",
              "tags": ["a", "b"], "allow": ["/usr/bin/python3"] }
            """;
        var env = new Dictionary<string, string>
        {
            ["MANAGER_WORKER_CONFIG"] = "/etc/worker.json",
            ["MANAGER_WORKER_MANAGER"] = "http://from-env:2",
            ["MANAGER_WORKER_POLL_INTERVAL"] = "3",
            ["MANAGER_WORKER_TAGS"] = "env1,env2",
        };

        var o = Parse(["--poll-interval", "1"], env, new() { ["/etc/worker.json"] = file });

        Assert.Equal(new Uri("http://from-env:2/"), o.Manager);   // env over file
        Assert.Equal(TimeSpan.FromSeconds(1), o.PollInterval);    // command line over env over file
        Assert.Equal("file-host", o.Hostname);                    // only in the file
        Assert.Equal("/file/dir", o.WorkDir);
        Assert.Equal(["env1", "env2"], o.Tags);                   // a list comes whole from one layer
        Assert.Equal(["blender", "ffmpeg", "/usr/bin/python3"], o.Allow);
    }

    [Fact]
    public void A_shorter_list_from_a_higher_layer_replaces_the_lower_one_whole()
    {
        var files = new Dictionary<string, string> { ["w.json"] = """{ "manager": "http://m", "tags": ["f1", "f2", "f3"] }""" };

        Assert.Equal(["cli"], Parse(["--config", "w.json", "--tags", "cli"], files: files).Tags);
        Assert.Equal(["env"], Parse(["--config", "w.json"], new() { ["MANAGER_WORKER_TAGS"] = "env" }, files).Tags);
        Assert.Empty(Parse(["--config", "w.json", "--tags", ""], files: files).Tags); // an empty list on the command line clears them
    }

    [Fact]
    public void An_empty_environment_variable_counts_as_unset()
    {
        var files = new Dictionary<string, string> { ["w.json"] = """{ "manager": "http://from-file", "tags": "gpu" }""" };
        var env = new Dictionary<string, string> { ["MANAGER_WORKER_MANAGER"] = "", ["MANAGER_WORKER_TAGS"] = "" };

        var o = Parse(["--config", "w.json"], env, files);

        Assert.Equal(new Uri("http://from-file/"), o.Manager);
        Assert.Equal(["gpu"], o.Tags);
    }

    [Fact]
    public void The_config_file_named_on_the_command_line_is_read()
    {
        var o = Parse(["--config", "w.json"], files: new() { ["w.json"] = """{ "manager": "https://m.example", "chunk-bytes": 1024 }""" });

        Assert.Equal(new Uri("https://m.example/"), o.Manager);
        Assert.Equal(1024, o.ChunkBytes);
    }

    [Fact]
    public void The_config_file_takes_kebab_or_snake_keys_lists_as_arrays_or_comma_strings_comments_and_trailing_commas()
    {
        var file = """
            {
              // the farm's manager
              "manager": "http://m",
              "heartbeat_interval": 1.5,
              "chunk-interval-ms": 500,
              "types": "blender_render, exec_command",
              "allow": ["/opt/tools/a,b"],
              "blender": null,
            }
            """;

        var o = Parse(["--config", "w.json"], files: new() { ["w.json"] = file });

        Assert.Equal(TimeSpan.FromSeconds(1.5), o.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), o.ChunkInterval);
        Assert.Equal(["blender_render", "exec_command"], o.Types);
        Assert.Equal(["blender", "ffmpeg", "/opt/tools/a,b"], o.Allow); // an array item is taken whole
        Assert.Null(o.Blender);                                 // null: as if not there
    }

    [Fact]
    public void The_enrollment_token_comes_from_the_command_line_the_environment_or_the_file()
    {
        var files = new Dictionary<string, string> { ["w.json"] = """{ "manager": "http://m", "enrollment_token": "from-file" }""" };
        var env = new Dictionary<string, string> { ["MANAGER_WORKER_ENROLLMENT_TOKEN"] = "from-env" };

        Assert.Equal("from-cli", Parse(["--config", "w.json", "--enrollment-token", "from-cli"], env, files).EnrollmentToken);
        Assert.Equal("from-env", Parse(["--config", "w.json"], env, files).EnrollmentToken);
        Assert.Equal("from-file", Parse(["--config", "w.json"], files: files).EnrollmentToken);
        Assert.Null(Parse(["--manager", "http://m", "--enrollment-token", " "]).EnrollmentToken);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Help_is_recognised_whatever_else_is_given(string help)
    {
        Assert.True(Read([help], null, null).HelpRequested);
        Assert.True(Read(["--manager", "http://m", help], null, null).HelpRequested);
    }

    [Fact]
    public void The_usage_names_every_option_and_the_environment_variables()
    {
        var usage = WorkerOptionsReader.Usage;

        foreach (var name in (string[])["--manager", "--hostname", "--enrollment-token", "--work-dir", "--blender", "--poll-interval", "--poll-jitter",
                     "--heartbeat-interval", "--allow", "--tags", "--types", "--chunk-bytes", "--chunk-interval-ms", "--queue-bytes", "--config", "--help"])
            Assert.Contains(name + " ", usage);
        Assert.Contains("MANAGER_WORKER_WORK_DIR", usage);
        Assert.DoesNotContain("--version", usage);
    }

    [Theory]
    [InlineData(new string[0], "--manager URL is required (or MANAGER_WORKER_MANAGER)")]
    [InlineData(new[] { "--manager", "ftp://m" }, "--manager: 'ftp://m' is not an http:// or https:// URL (from command line)")]
    [InlineData(new[] { "--manager", "http://m", "--bogus", "1" }, "'--bogus'")]
    [InlineData(new[] { "--manager", "http://m", "--version" }, "'--version'")]
    [InlineData(new[] { "--manager" }, "missing for option: '--manager'")]
    [InlineData(new[] { "--manager", "http://m", "--allow" }, "missing for option: '--allow'")]
    [InlineData(new[] { "--manager", "http://m", "--poll-interval", "soon" }, "--poll-interval: 'soon' is not a number of seconds")]
    [InlineData(new[] { "--manager", "http://m", "--poll-interval", "0" }, "--poll-interval: '0'")]
    [InlineData(new[] { "--manager", "http://m", "--poll-jitter", "-1" }, "--poll-jitter: '-1'")]
    [InlineData(new[] { "--manager", "http://m", "--chunk-bytes", "10" }, "--chunk-bytes: '10' is not a whole number from 256 to 163840")]
    [InlineData(new[] { "--manager", "http://m", "--queue-bytes", "lots" }, "--queue-bytes: 'lots'")]
    [InlineData(new[] { "--manager", "http://m", "--hostname", "-bad-" }, "--hostname: '-bad-' is not an RFC 1123 host name")]
    [InlineData(new[] { "--manager", "http://m", "stray" }, "'stray'")]
    [InlineData(new[] { "--config", "missing.json" }, "cannot read config file 'missing.json'")]
    public void Bad_input_is_explained(string[] args, string expected)
    {
        Assert.Contains(expected, Error(args));
    }

    [Fact]
    public void An_error_names_where_the_bad_value_came_from()
    {
        var files = new Dictionary<string, string> { ["c.json"] = """{ "manager": "http://m", "queue-bytes": 5 }""" };

        Assert.Contains("(from MANAGER_WORKER_CHUNK_INTERVAL_MS)", Error(["--manager", "http://m"], new() { ["MANAGER_WORKER_CHUNK_INTERVAL_MS"] = "-5" }));
        Assert.Contains("--queue-bytes: '5' is not a whole number of at least 65536 (from config file 'c.json')", Error(["--config", "c.json"], files: files));
    }

    [Theory]
    [InlineData("""{ "manager": "http://m", "pol_interval": 1 }""", "config file 'c.json': unknown option 'pol_interval'")]
    [InlineData("""{ "manager": "http://m", "config": "other.json" }""", "unknown option 'config'")]
    [InlineData("{ manager", "config file 'c.json' is not valid JSON")]
    [InlineData("""["http://m"]""", "config file 'c.json'")]
    [InlineData("""{ "manager": { "url": "http://m" } }""", "'manager' must be a string or a number")]
    [InlineData("""{ "manager": "http://m", "tags": [["gpu"]] }""", "'tags' must be a string or a number, or a list of them")]
    public void Unknown_keys_bad_values_and_bad_json_in_the_file_are_errors(string file, string expected)
    {
        Assert.Contains(expected, Error(["--config", "c.json"], files: new() { ["c.json"] = file }));
    }
}
