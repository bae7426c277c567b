namespace Manager.Worker;

/// <summary>
/// Everything the worker agent is told at start-up. Built by <see cref="WorkerOptionsReader"/> from the
/// command line, <c>MANAGER_WORKER_*</c> environment variables and an optional JSON file; tests
/// construct it directly.
/// </summary>
public sealed record WorkerOptions
{
    /// <summary>The manager's base URL, e.g. <c>http://render-manager:8080/</c>.</summary>
    public required Uri Manager { get; init; }

    /// <summary>The name the worker registers under (an RFC 1123 host name).</summary>
    public required string Hostname { get; init; }

    /// <summary>
    /// Shown to the manager at the first registration, which answers the worker's own credential;
    /// <c>null</c> when the worker already has one (or the manager has authentication off).
    /// </summary>
    public string? EnrollmentToken { get; init; }

    /// <summary>Each task runs in <c>&lt;WorkDir&gt;/task-&lt;id&gt;</c>; the worker's credential is kept there too.</summary>
    public required string WorkDir { get; init; }

    /// <summary>Replaces the program <c>blender</c>; wins over the manager's <c>blender_path</c> setting.</summary>
    public string? Blender { get; init; }

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>A random extra delay in [0, PollJitter) added to every idle poll.</summary>
    public TimeSpan PollJitter { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>How often a busy worker tells the manager it is still rendering its task.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Programs a command may run, judged after <c>blender</c> is replaced: an entry with a directory
    /// matches that path exactly, one without matches the program's file name. Always includes
    /// <see cref="DefaultAllowed"/>.
    /// </summary>
    public IReadOnlyList<string> Allow { get; init; } = DefaultAllowed;

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Compilers this worker accepts (<c>supported_types</c>); <c>null</c> means all.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Upper bound of one log chunk sent to the manager, in UTF-8 bytes.</summary>
    public int ChunkBytes { get; init; } = 64 * 1024;

    /// <summary>Output waits at most this long before it is sent.</summary>
    public TimeSpan ChunkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Output kept while the manager cannot be reached; beyond it the oldest is dropped.</summary>
    public long QueueBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Backoff between retries of a failed request: doubles from the first to the cap.</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromSeconds(0.2);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One attempt of one request gives up after this long (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>After Ctrl-C / SIGTERM: how long the worker still tries to send output and hand its task back.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Programs every worker allows: <c>blender</c> for render tasks and <c>ffmpeg</c> for a job's video task (whose
    /// command the manager writes itself, reading and writing local files only).
    /// </summary>
    public static IReadOnlyList<string> DefaultAllowed { get; } = ["blender", "ffmpeg"];

    public RetryPolicy Retry => new(RetryInitial, RetryMax, RequestTimeout);
}
