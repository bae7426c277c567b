using Manager.Worker;

namespace Manager.Tests.Worker;

public class OptionsParserTests
{
    private static readonly Dictionary<string, string> NoEnv = new();

    private static WorkerOptions Parse(string[] args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null)
    {
        var result = OptionsParser.Parse(args, env ?? NoEnv, path => files is not null && files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException("no such file", path),
            defaultHostname: "Render_Node.01.local", defaultWorkDir: "/tmp/worker-test");
        Assert.Null(result.Error);
        return result.Options!;
    }

    private static string Error(string[] args, Dictionary<string, string>? env = null, Dictionary<string, string>? files = null)
    {
        var result = OptionsParser.Parse(args, env ?? NoEnv, path => files is not null && files.TryGetValue(path, out var text) ? text : throw new FileNotFoundException("no such file", path));
        Assert.Null(result.Options);
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
        Assert.Equal(["blender"], o.Allow);
        Assert.Empty(o.Tags);
        Assert.Null(o.Types);
        Assert.Equal(65536, o.ChunkBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), o.ChunkInterval);
    }

    [Fact]
    public void Every_option_is_read_from_the_command_line()
    {
        var o = Parse([
            "--manager", "http://m:8080/api", "--hostname", "render-07", "--work-dir", "/srv/w", "--blender", "/opt/blender/blender",
            "--poll-interval", "0.25", "--poll-jitter=0", "--heartbeat-interval", "4", "--allow", "/bin/sh", "--allow", "echo",
            "--tags", "gpu, big", "--types", "blender_render,exec_command", "--chunk-bytes", "4096", "--chunk-interval-ms", "250",
        ]);

        Assert.Equal(new Uri("http://m:8080/api/"), o.Manager); // keeps its path when requests are appended
        Assert.Equal("render-07", o.Hostname);
        Assert.Equal("/srv/w", o.WorkDir);
        Assert.Equal("/opt/blender/blender", o.Blender);
        Assert.Equal(TimeSpan.FromSeconds(0.25), o.PollInterval);
        Assert.Equal(TimeSpan.Zero, o.PollJitter);
        Assert.Equal(TimeSpan.FromSeconds(4), o.HeartbeatInterval);
        Assert.Equal(["blender", "/bin/sh", "echo"], o.Allow);
        Assert.Equal(["gpu", "big"], o.Tags);
        Assert.Equal(["blender_render", "exec_command"], o.Types);
        Assert.Equal(4096, o.ChunkBytes);
        Assert.Equal(TimeSpan.FromMilliseconds(250), o.ChunkInterval);
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
        Assert.Equal(["blender", "/usr/bin/python3"], o.Allow);
    }

    [Fact]
    public void The_config_file_named_on_the_command_line_is_read()
    {
        var o = Parse(["--config", "w.json"], files: new() { ["w.json"] = """{ "manager": "https://m.example", "chunk-bytes": 1024 }""" });

        Assert.Equal(new Uri("https://m.example/"), o.Manager);
        Assert.Equal(1024, o.ChunkBytes);
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

    [Fact]
    public void Help_is_recognised_and_the_usage_names_every_option()
    {
        Assert.True(OptionsParser.Parse(["--help"], NoEnv).HelpRequested);
        Assert.True(OptionsParser.Parse(["--manager", "http://m", "-h"], NoEnv).HelpRequested);
        foreach (var name in (string[])["--manager", "--hostname", "--work-dir", "--blender", "--enrollment-token", "--poll-interval", "--poll-jitter", "--allow", "--tags", "--types", "--chunk-bytes", "--chunk-interval-ms", "--config"])
            Assert.Contains(name, OptionsParser.Usage);
    }

    [Theory]
    [InlineData(new string[0], "--manager URL is required")]
    [InlineData(new[] { "--manager", "ftp://m" }, "not an http")]
    [InlineData(new[] { "--manager", "http://m", "--bogus", "1" }, "unknown option '--bogus'")]
    [InlineData(new[] { "--manager" }, "needs a value")]
    [InlineData(new[] { "--manager", "http://m", "--poll-interval", "soon" }, "--poll-interval: 'soon'")]
    [InlineData(new[] { "--manager", "http://m", "--poll-interval", "0" }, "--poll-interval")]
    [InlineData(new[] { "--manager", "http://m", "--chunk-bytes", "10" }, "--chunk-bytes")]
    [InlineData(new[] { "--manager", "http://m", "--hostname", "-bad-" }, "RFC 1123")]
    [InlineData(new[] { "--manager", "http://m", "stray" }, "unexpected argument 'stray'")]
    [InlineData(new[] { "--config", "missing.json" }, "cannot read config file 'missing.json'")]
    public void Bad_input_is_explained(string[] args, string expected)
    {
        Assert.Contains(expected, Error(args));
    }

    [Fact]
    public void An_error_names_where_the_bad_value_came_from()
    {
        var error = Error(["--manager", "http://m"], new() { ["MANAGER_WORKER_CHUNK_INTERVAL_MS"] = "-5" });

        Assert.Contains("MANAGER_WORKER_CHUNK_INTERVAL_MS", error);
    }

    [Fact]
    public void Unknown_keys_and_bad_json_in_the_file_are_errors()
    {
        Assert.Contains("unknown option 'pol_interval'", Error(["--config", "c.json"], files: new() { ["c.json"] = """{ "manager": "http://m", "pol_interval": 1 }""" }));
        Assert.Contains("not valid JSON", Error(["--config", "c.json"], files: new() { ["c.json"] = "{ manager" }));
    }
}
