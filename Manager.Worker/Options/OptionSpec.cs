namespace Manager.Worker;

/// <summary>
/// One option of the worker, under one name everywhere: <c>--work-dir</c> on the command line,
/// <c>MANAGER_WORKER_WORK_DIR</c> in the environment, <c>work-dir</c> or <c>work_dir</c> in the config file.
/// A list option takes comma-separated values (and, on the command line, may be repeated; in the
/// config file, also a JSON array).
/// </summary>
internal sealed record OptionSpec(string Name, string Meta, string Help, bool IsList = false, bool InConfigFile = true)
{
    public string SnakeName => Name.Replace('-', '_');

    public string EnvName => WorkerOptionsReader.EnvPrefix + SnakeName.ToUpperInvariant();

    public static OptionSpec Manager { get; } = new("manager", "URL", "the manager's base URL, e.g. http://render-manager:8080 (required)");
    public static OptionSpec Hostname { get; } = new("hostname", "NAME", "name to register under (default: this machine's host name)");
    public static OptionSpec EnrollmentToken { get; } = new("enrollment-token", "TOKEN", "enrolls this worker the first time; its own credential is then kept in the work dir");
    public static OptionSpec WorkDir { get; } = new("work-dir", "DIR", "tasks run in DIR/task-<id> (default: <temp>/manager-worker)");
    public static OptionSpec Blender { get; } = new("blender", "PATH", "Blender to run for 'blender' (default: the manager's blender_path setting, else blender on PATH)");
    public static OptionSpec PollInterval { get; } = new("poll-interval", "SECONDS", "pause between requests for work while idle (default 2)");
    public static OptionSpec PollJitter { get; } = new("poll-jitter", "SECONDS", "random extra pause added to each poll (default 0.5)");
    public static OptionSpec HeartbeatInterval { get; } = new("heartbeat-interval", "SECONDS", "'still rendering' heartbeat while busy (default 3)");
    public static OptionSpec Allow { get; } = new("allow", "PROGRAM", "also allow PROGRAM to run (repeatable; blender and ffmpeg are always allowed)", IsList: true);
    public static OptionSpec Tags { get; } = new("tags", "a,b", "tags this worker offers; tasks that require tags run only on workers that have them all", IsList: true);
    public static OptionSpec Types { get; } = new("types", "t1,t2", "task types this worker accepts, e.g. blender_render,exec_command (default: all)", IsList: true);
    public static OptionSpec ChunkBytes { get; } = new("chunk-bytes", "N", "largest log chunk sent at once, in bytes (default 65536)");
    public static OptionSpec ChunkIntervalMs { get; } = new("chunk-interval-ms", "N", "longest time output waits before it is sent (default 1000)");
    public static OptionSpec QueueBytes { get; } = new("queue-bytes", "N", "output kept while the manager is unreachable, in bytes (default 16777216)");
    public static OptionSpec Config { get; } = new("config", "FILE", "JSON file with any of these options, e.g. {\"manager\": \"http://m:8080\", \"allow\": [\"/bin/sh\"]}", InConfigFile: false);

    /// <summary>Every option, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } =
        [Manager, Hostname, EnrollmentToken, WorkDir, Blender, PollInterval, PollJitter, HeartbeatInterval, Allow, Tags, Types, ChunkBytes, ChunkIntervalMs, QueueBytes, Config];
}
