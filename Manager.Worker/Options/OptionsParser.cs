using System.Globalization;
using System.Text;
using System.Text.Json;
using Manager.Rules;

namespace Manager.Worker;

/// <summary>What <see cref="OptionsParser.Parse"/> made of the arguments: options, an error, or a request for help.</summary>
public sealed record OptionsResult(WorkerOptions? Options, string? Error, bool HelpRequested = false);

/// <summary>
/// Reads the worker's options from three layers — a JSON config file, <c>MANAGER_WORKER_*</c>
/// environment variables, the command line — where the command line wins over the environment
/// and the environment over the file (per option, a list is taken whole from one layer).
/// Pure: the environment and the file reader are passed in.
/// </summary>
public static class OptionsParser
{
    public const string EnvPrefix = "MANAGER_WORKER_";

    private enum Kind { Value, List, Flag }

    private sealed record Spec(string Name, string? Meta, Kind Kind, string Help)
    {
        public string EnvName => EnvPrefix + Name.Replace('-', '_').ToUpperInvariant();
    }

    /// <summary>One option's winning value(s) and where they came from (for error messages).</summary>
    private sealed record Setting(IReadOnlyList<string> Values, string Source);

    private static readonly Spec[] Specs =
    [
        new("manager", "URL", Kind.Value, "the manager's base URL, e.g. http://render-manager:8080 (required)"),
        new("hostname", "NAME", Kind.Value, "name to register under (default: this machine's host name)"),
        new("enrollment-token", "TOKEN", Kind.Value, "enrolls this worker the first time; its own credential is then kept in the work dir"),
        new("work-dir", "DIR", Kind.Value, "tasks run in DIR/task-<id> (default: <temp>/manager-worker)"),
        new("blender", "PATH", Kind.Value, "Blender to run for 'blender' (default: the manager's blender_path setting, else blender on PATH)"),
        new("poll-interval", "SECONDS", Kind.Value, "pause between requests for work while idle (default 2)"),
        new("poll-jitter", "SECONDS", Kind.Value, "random extra pause added to each poll (default 0.5)"),
        new("heartbeat-interval", "SECONDS", Kind.Value, "'still rendering' heartbeat while busy (default 3)"),
        new("allow", "PROGRAM", Kind.List, "also allow PROGRAM to run (repeatable; blender is always allowed)"),
        new("tags", "a,b", Kind.List, "tags this worker offers; tasks that require tags run only on workers that have them all"),
        new("types", "t1,t2", Kind.List, "task types this worker accepts, e.g. blender_render,exec_command (default: all)"),
        new("chunk-bytes", "N", Kind.Value, "largest log chunk sent at once, in bytes (default 65536)"),
        new("chunk-interval-ms", "N", Kind.Value, "longest time output waits before it is sent (default 1000)"),
        new("queue-bytes", "N", Kind.Value, "output kept while the manager is unreachable, in bytes (default 16777216)"),
        new("config", "FILE", Kind.Value, "JSON file with any of these options, e.g. {\"manager\": \"http://m:8080\", \"allow\": [\"/bin/sh\"]}"),
        new("help", null, Kind.Flag, "print this help"),
    ];

    private static readonly Dictionary<string, Spec> ByName = Specs.ToDictionary(s => s.Name);

    public static string Usage
    {
        get
        {
            var text = new StringBuilder();
            text.AppendLine("Usage: Manager.Worker --manager URL [options]");
            text.AppendLine();
            text.AppendLine("The render-farm worker agent: registers with the manager, asks it for tasks, runs their");
            text.AppendLine("commands and streams their output back.");
            text.AppendLine();
            text.AppendLine("Options (each also as an environment variable, e.g. --work-dir as MANAGER_WORKER_WORK_DIR,");
            text.AppendLine("and as a key of the --config file; the command line wins over the environment, the");
            text.AppendLine("environment over the file; lists are comma-separated):");
            foreach (var spec in Specs)
            {
                var left = spec.Meta is null ? $"--{spec.Name}" : $"--{spec.Name} {spec.Meta}";
                text.Append("  ").Append(left.PadRight(30)).AppendLine(spec.Help);
            }
            return text.ToString();
        }
    }

    /// <param name="args">The command line.</param>
    /// <param name="environment">Environment variables (only <c>MANAGER_WORKER_*</c> are read).</param>
    /// <param name="readFile">Reads the config file's text; may throw (the message is reported).</param>
    /// <param name="defaultHostname">Used when no hostname is given; the machine's name when null.</param>
    /// <param name="defaultWorkDir">Used when no work dir is given; <c>&lt;temp&gt;/manager-worker</c> when null.</param>
    public static OptionsResult Parse(
        IReadOnlyList<string> args,
        IReadOnlyDictionary<string, string> environment,
        Func<string, string>? readFile = null,
        string? defaultHostname = null,
        string? defaultWorkDir = null)
    {
        try
        {
            var cli = ReadCommandLine(args);
            if (cli.ContainsKey("help"))
                return new OptionsResult(null, null, HelpRequested: true);

            var env = ReadEnvironment(environment);

            var file = new Dictionary<string, Setting>();
            var configPath = (cli.GetValueOrDefault("config") ?? env.GetValueOrDefault("config"))?.Values[^1];
            if (!string.IsNullOrWhiteSpace(configPath))
            {
                if (readFile is null)
                    throw new OptionsException($"cannot read config file '{configPath}'");
                file = ReadConfigFile(configPath, readFile);
            }

            var merged = new Dictionary<string, Setting>();
            foreach (var spec in Specs)
            {
                if (cli.TryGetValue(spec.Name, out var s) || env.TryGetValue(spec.Name, out s) || file.TryGetValue(spec.Name, out s))
                    merged[spec.Name] = s;
            }
            return new OptionsResult(Build(merged, defaultHostname, defaultWorkDir), null);
        }
        catch (OptionsException e)
        {
            return new OptionsResult(null, e.Message);
        }
    }

    private static Dictionary<string, Setting> ReadCommandLine(IReadOnlyList<string> args)
    {
        var found = new Dictionary<string, List<string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?")
                arg = "--help";
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new OptionsException($"unexpected argument '{arg}'");

            var name = arg[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (!ByName.TryGetValue(name, out var spec))
                throw new OptionsException($"unknown option '--{name}'");

            string value;
            if (spec.Kind == Kind.Flag)
            {
                if (inline is not null)
                    throw new OptionsException($"--{name} takes no value");
                value = "true";
            }
            else if (inline is not null)
                value = inline;
            else if (i + 1 < args.Count)
                value = args[++i];
            else
                throw new OptionsException($"--{name} needs a value ({spec.Meta})");

            if (!found.TryGetValue(name, out var list))
                found[name] = list = [];
            if (spec.Kind == Kind.List)
                list.AddRange(SplitList(value));
            else
                list.Add(value); // a repeated single-valued option: the last one wins
        }
        return found.ToDictionary(kv => kv.Key, kv => new Setting(kv.Value, "command line"));
    }

    private static Dictionary<string, Setting> ReadEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var found = new Dictionary<string, Setting>();
        foreach (var spec in Specs)
        {
            if (spec.Kind == Kind.Flag || !environment.TryGetValue(spec.EnvName, out var value) || string.IsNullOrEmpty(value))
                continue;
            IReadOnlyList<string> values = spec.Kind == Kind.List ? SplitList(value) : [value];
            found[spec.Name] = new Setting(values, spec.EnvName);
        }
        return found;
    }

    private static Dictionary<string, Setting> ReadConfigFile(string path, Func<string, string> readFile)
    {
        string text;
        try
        {
            text = readFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OptionsException($"cannot read config file '{path}': {e.Message}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new OptionsException($"config file '{path}' is not valid JSON: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new OptionsException($"config file '{path}' must hold a JSON object");

            var source = $"config file '{path}'";
            var found = new Dictionary<string, Setting>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var name = property.Name.Replace('_', '-').ToLowerInvariant();
                if (!ByName.TryGetValue(name, out var spec) || spec.Kind == Kind.Flag || name == "config")
                    throw new OptionsException($"{source}: unknown option '{property.Name}'");
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null)
                    continue;
                IReadOnlyList<string> values = (spec.Kind, value.ValueKind) switch
                {
                    (Kind.List, JsonValueKind.Array) => value.EnumerateArray().Select(e => Scalar(e, source, property.Name)).ToList(),
                    (Kind.List, _) => SplitList(Scalar(value, source, property.Name)),
                    _ => [Scalar(value, source, property.Name)],
                };
                found[name] = new Setting(values, source);
            }
            return found;
        }
    }

    private static string Scalar(JsonElement value, string source, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        _ => throw new OptionsException($"{source}: '{name}' must be a string or a number"),
    };

    private static List<string> SplitList(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static WorkerOptions Build(Dictionary<string, Setting> s, string? defaultHostname, string? defaultWorkDir)
    {
        var manager = s.TryGetValue("manager", out var m)
            ? ParseManagerUrl(m)
            : throw new OptionsException($"--manager URL is required (or {EnvPrefix}MANAGER)");

        string hostname;
        if (s.TryGetValue("hostname", out var h))
        {
            hostname = h.Values[^1].Trim();
            if (!Hostnames.IsValid(hostname))
                throw Invalid("hostname", h, "is not an RFC 1123 host name (letters, digits, '-' and '.')");
        }
        else
            hostname = Hostnames.Sanitize(defaultHostname ?? System.Net.Dns.GetHostName());

        var workDir = s.TryGetValue("work-dir", out var w) ? w.Values[^1] : defaultWorkDir ?? Path.Combine(Path.GetTempPath(), "manager-worker");
        var defaults = new WorkerOptions { Manager = manager, Hostname = hostname, WorkDir = Path.GetFullPath(workDir) };

        var allow = new List<string> { WorkerOptions.DefaultAllowed };
        if (s.TryGetValue("allow", out var a))
            allow.AddRange(a.Values.Where(v => !allow.Contains(v)));

        return defaults with
        {
            Blender = s.TryGetValue("blender", out var b) && b.Values[^1].Length > 0 ? b.Values[^1] : null,
            EnrollmentToken = s.TryGetValue("enrollment-token", out var e) && e.Values[^1].Trim().Length > 0 ? e.Values[^1].Trim() : null,
            PollInterval = Seconds(s, "poll-interval", defaults.PollInterval, allowZero: false),
            PollJitter = Seconds(s, "poll-jitter", defaults.PollJitter, allowZero: true),
            HeartbeatInterval = Seconds(s, "heartbeat-interval", defaults.HeartbeatInterval, allowZero: false),
            Allow = allow,
            Tags = s.TryGetValue("tags", out var t) ? t.Values.Distinct().ToList() : defaults.Tags,
            Types = s.TryGetValue("types", out var ty) && ty.Values.Count > 0 ? ty.Values.Distinct().ToList() : null,
            // The manager refuses bodies over 1 MiB, and JSON escaping can grow a chunk up to six times.
            ChunkBytes = (int)Integer(s, "chunk-bytes", defaults.ChunkBytes, min: 256, max: 160 * 1024),
            ChunkInterval = TimeSpan.FromMilliseconds(Integer(s, "chunk-interval-ms", (long)defaults.ChunkInterval.TotalMilliseconds, min: 1, max: 3_600_000)),
            QueueBytes = Integer(s, "queue-bytes", defaults.QueueBytes, min: 64 * 1024, max: long.MaxValue),
        };
    }

    private static Uri ParseManagerUrl(Setting setting)
    {
        var text = setting.Values[^1].Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Invalid("manager", setting, "is not an http:// or https:// URL");
        // A base address needs its trailing slash, or the last path segment is dropped when paths are appended.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    private static TimeSpan Seconds(Dictionary<string, Setting> s, string name, TimeSpan fallback, bool allowZero)
    {
        if (!s.TryGetValue(name, out var setting))
            return fallback;
        var text = setting.Values[^1];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > 86_400 || (!allowZero && seconds == 0))
            throw Invalid(name, setting, allowZero ? "is not a number of seconds between 0 and 86400" : "is not a number of seconds above 0 and at most 86400");
        return TimeSpan.FromSeconds(seconds);
    }

    private static long Integer(Dictionary<string, Setting> s, string name, long fallback, long min, long max)
    {
        if (!s.TryGetValue(name, out var setting))
            return fallback;
        if (!long.TryParse(setting.Values[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Invalid(name, setting, max == long.MaxValue ? $"is not a whole number of at least {min}" : $"is not a whole number from {min} to {max}");
        return value;
    }

    private static OptionsException Invalid(string name, Setting setting, string problem) =>
        new($"--{name}: '{setting.Values[^1]}' {problem} (from {setting.Source})");

    private sealed class OptionsException(string message) : Exception(message);
}
