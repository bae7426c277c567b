using System.Globalization;
using Manager.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Manager.Worker;

/// <summary>What <see cref="WorkerOptionsReader.Read"/> made of the options: options, an error, or a request for help.</summary>
public sealed record OptionsResult(WorkerOptions? Options, string? Error, bool HelpRequested = false);

/// <summary>
/// Reads the worker's options from three layers — a JSON config file, <c>MANAGER_WORKER_*</c>
/// environment variables, the command line — where the command line wins over the environment
/// and the environment over the file (per option; a list is taken whole from one layer), then
/// checks each value, naming the option and the layer in an error.
/// </summary>
/// <remarks>
/// The command line is read by System.CommandLine (<see cref="WorkerCommandLine"/>), the environment
/// and the file by Microsoft.Extensions.Configuration (<see cref="OptionLayer"/>).
/// </remarks>
public static class WorkerOptionsReader
{
    public const string EnvPrefix = "MANAGER_WORKER_";

    /// <summary>This process's <c>MANAGER_WORKER_*</c> environment variables.</summary>
    public static IConfigurationSource ProcessEnvironment => new EnvironmentVariablesConfigurationSource { Prefix = EnvPrefix };

    /// <summary>What <c>--help</c> prints.</summary>
    public static string Usage => WorkerCommandLine.Usage;

    /// <param name="args">The command line.</param>
    /// <param name="environment">The environment layer: <see cref="ProcessEnvironment"/>, or in tests a memory source with the prefix already removed.</param>
    /// <param name="openFile">Opens the config file; may throw an <see cref="IOException"/> (the message is reported).</param>
    /// <param name="defaultHostname">Used when no hostname is given; the machine's name when null.</param>
    /// <param name="defaultWorkDir">Used when no work dir is given; <c>&lt;temp&gt;/manager-worker</c> when null.</param>
    public static OptionsResult Read(
        IReadOnlyList<string> args,
        IConfigurationSource environment,
        Func<string, Stream>? openFile = null,
        string? defaultHostname = null,
        string? defaultWorkDir = null)
    {
        try
        {
            if (WorkerCommandLine.Parse(args) is not { } commandLine)
                return new OptionsResult(null, null, HelpRequested: true);

            // Highest first: the first layer that sets an option gives its value.
            var layers = new List<OptionLayer> { OptionLayer.CommandLine(commandLine), OptionLayer.Environment(environment) };
            var configPath = Find(layers, OptionSpec.Config)?.Last;
            if (!string.IsNullOrWhiteSpace(configPath))
                layers.Add(OptionLayer.ConfigFile(configPath, openFile ?? (_ => throw new IOException("no file reader"))));

            return new OptionsResult(Build(spec => Find(layers, spec), defaultHostname, defaultWorkDir), null);
        }
        catch (OptionsException e)
        {
            return new OptionsResult(null, e.Message);
        }
    }

    private static OptionSetting? Find(List<OptionLayer> layers, OptionSpec spec) =>
        layers.Select(layer => layer.Find(spec)).FirstOrDefault(setting => setting is not null);

    private static WorkerOptions Build(Func<OptionSpec, OptionSetting?> find, string? defaultHostname, string? defaultWorkDir)
    {
        var manager = find(OptionSpec.Manager) is { } m
            ? ParseManagerUrl(m)
            : throw new OptionsException($"--manager URL is required (or {OptionSpec.Manager.EnvName})");

        string hostname;
        if (find(OptionSpec.Hostname) is { } h)
        {
            hostname = h.Last.Trim();
            if (!Hostnames.IsValid(hostname))
                throw Invalid(OptionSpec.Hostname, h, "is not an RFC 1123 host name (letters, digits, '-' and '.')");
        }
        else
            hostname = Hostnames.Sanitize(defaultHostname ?? System.Net.Dns.GetHostName());

        var workDir = find(OptionSpec.WorkDir)?.Last ?? defaultWorkDir ?? Path.Combine(Path.GetTempPath(), "manager-worker");
        var defaults = new WorkerOptions { Manager = manager, Hostname = hostname, WorkDir = Path.GetFullPath(workDir) };

        var allow = new List<string>(WorkerOptions.DefaultAllowed);
        if (find(OptionSpec.Allow) is { } a)
            allow.AddRange(a.Values.Where(v => !allow.Contains(v)));

        return defaults with
        {
            Blender = find(OptionSpec.Blender) is { Last.Length: > 0 } b ? b.Last : null,
            EnrollmentToken = find(OptionSpec.EnrollmentToken)?.Last.Trim() is { Length: > 0 } token ? token : null,
            PollInterval = Seconds(find, OptionSpec.PollInterval, defaults.PollInterval, allowZero: false),
            PollJitter = Seconds(find, OptionSpec.PollJitter, defaults.PollJitter, allowZero: true),
            HeartbeatInterval = Seconds(find, OptionSpec.HeartbeatInterval, defaults.HeartbeatInterval, allowZero: false),
            Allow = allow,
            Tags = find(OptionSpec.Tags) is { } t ? t.Values.Distinct().ToList() : defaults.Tags,
            Types = find(OptionSpec.Types) is { Values.Count: > 0 } ty ? ty.Values.Distinct().ToList() : null,
            // The manager refuses bodies over 1 MiB, and JSON escaping can grow a chunk up to six times.
            ChunkBytes = (int)Integer(find, OptionSpec.ChunkBytes, defaults.ChunkBytes, min: 256, max: 160 * 1024),
            ChunkInterval = TimeSpan.FromMilliseconds(Integer(find, OptionSpec.ChunkIntervalMs, (long)defaults.ChunkInterval.TotalMilliseconds, min: 1, max: 3_600_000)),
            QueueBytes = Integer(find, OptionSpec.QueueBytes, defaults.QueueBytes, min: 64 * 1024, max: long.MaxValue),
        };
    }

    private static Uri ParseManagerUrl(OptionSetting setting)
    {
        var text = setting.Last.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw Invalid(OptionSpec.Manager, setting, "is not an http:// or https:// URL");
        // A base address needs its trailing slash, or the last path segment is dropped when paths are appended.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri + "/");
    }

    private static TimeSpan Seconds(Func<OptionSpec, OptionSetting?> find, OptionSpec spec, TimeSpan fallback, bool allowZero)
    {
        if (find(spec) is not { } setting)
            return fallback;
        if (!double.TryParse(setting.Last, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || seconds > 86_400 || (!allowZero && seconds == 0))
            throw Invalid(spec, setting, allowZero ? "is not a number of seconds between 0 and 86400" : "is not a number of seconds above 0 and at most 86400");
        return TimeSpan.FromSeconds(seconds);
    }

    private static long Integer(Func<OptionSpec, OptionSetting?> find, OptionSpec spec, long fallback, long min, long max)
    {
        if (find(spec) is not { } setting)
            return fallback;
        if (!long.TryParse(setting.Last, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Invalid(spec, setting, max == long.MaxValue ? $"is not a whole number of at least {min}" : $"is not a whole number from {min} to {max}");
        return value;
    }

    private static OptionsException Invalid(OptionSpec spec, OptionSetting setting, string problem) =>
        new($"--{spec.Name}: '{setting.Last}' {problem} (from {setting.Source})");
}
