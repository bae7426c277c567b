using System.Text.Json;

namespace Manager.Worker;

/// <summary>
/// The worker's main loop: register, then ask for work (<c>PATCH /workers/{id}</c>
/// <c>available</c>) every poll interval, and run each task it is given to its end with a
/// <see cref="TaskSession"/>. Re-registers when the manager forgot the worker (404) or came back
/// after an outage. Runs until its token is canceled, or until the manager refuses its credential
/// (<see cref="AccessDeniedException"/>); a test can start it in-process and watch its <see cref="WorkerEvent"/>s.
/// </summary>
public sealed class WorkerAgent : IDisposable
{
    /// <summary>How often the slow-changing figures (disk, memory, MAC …) are sent along.</summary>
    private static readonly TimeSpan FullReportEvery = TimeSpan.FromSeconds(30);

    private readonly Action<WorkerEvent> _events;
    private readonly SystemStats _stats;
    private readonly WorkerRegistration _registration;
    private readonly Lazy<long?> _mac = new(SystemStats.MacAddress);
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private readonly Lock _reportGate = new();
    private TimeSpan _nextFullReport;

    /// <param name="events">Receives every state change (the console prints them; tests watch them).</param>
    /// <param name="handler">Sends the HTTP requests through this handler (tests: a test server's); not disposed here.</param>
    public WorkerAgent(WorkerOptions options, Action<WorkerEvent>? events = null, HttpMessageHandler? handler = null)
    {
        Options = options;
        _events = events ?? (_ => { });
        _stats = new SystemStats(options.WorkDir);
        Client = new ManagerClient(options.Manager, options.Retry, Emit, handler);
        _registration = new WorkerRegistration(options, Client, (kind, message) => Emit(kind, message));
        Frames = new WorkerFrames((kind, message) => Emit(kind, message));
        LogStream = new LogStream(Client, options.Retry.AttemptTimeout, (kind, message) => Emit(kind, message));
    }

    public WorkerOptions Options { get; }

    /// <summary>The id the manager gave this worker; <c>null</c> until registered.</summary>
    public long? WorkerId { get; private set; }

    internal ManagerClient Client { get; }

    /// <summary>Last-frame pictures: their interval and whether ffmpeg is there, across this worker's tasks.</summary>
    internal WorkerFrames Frames { get; }

    /// <summary>The log stream its tasks' output goes on (PATCH when it cannot), shared by its tasks.</summary>
    internal LogStream LogStream { get; }

    /// <exception cref="AccessDeniedException">The manager refused the worker's credential, at start-up or later.</exception>
    public async Task RunAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Options.WorkDir);
        try
        {
            await RegisterAsync(first: true, ct);
            var idle = false;
            while (true)
            {
                if (Client.TakeReconnected())
                    await RegisterAsync(first: false, ct);

                WorkerUpdateReply? reply;
                try
                {
                    reply = await Client.UpdateWorkerAsync(WorkerId!.Value, Report(WorkerStatuses.Available), ct);
                }
                catch (Exception e) when (e is ManagerRequestException or JsonException)
                {
                    Emit(WorkerEventKind.Warning, $"asking for work failed: {e.Message}");
                    await PauseAsync(ct);
                    continue;
                }

                if (reply is null)
                {
                    Emit(WorkerEventKind.Warning, $"the manager does not know worker {WorkerId} — registering again");
                    await RegisterAsync(first: false, ct);
                    continue;
                }

                if (reply.TaskId is { } taskId)
                {
                    idle = false;
                    var session = new TaskSession(this, WorkerId.Value, taskId);
                    await session.RunAsync(ct);
                    if (session.WorkerUnknown)
                        await RegisterAsync(first: false, ct);
                    else if (!session.Started)
                        await PauseAsync(ct); // don't spin on a task that cannot start
                    continue; // otherwise ask for the next task at once
                }

                if (!idle)
                    Emit(WorkerEventKind.Idle, "polling for work");
                idle = true;
                await PauseAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Emit(WorkerEventKind.Stopped, "worker stopped");
        }
        catch (CredentialRefusedException e)
        {
            // No Stopped event: the exception's message is the one line the worker prints.
            throw new AccessDeniedException(AccessAdvice.RevokedWhileRunning(Options.Hostname, e.Detail), e);
        }
        finally
        {
            await LogStream.DisposeAsync();
        }
    }

    private async Task RegisterAsync(bool first, CancellationToken ct)
    {
        var request = new RegisterRequest
        {
            Hostname = Options.Hostname,
            System = SystemStats.SystemDescription,
            SupportedTypes = Options.Types,
            Tags = Options.Tags.Count > 0 ? Options.Tags : null,
        };
        var worker = first ? await _registration.FirstAsync(request, ct) : await _registration.AgainAsync(request, ct);
        Client.TakeReconnected(); // this registration already follows any outage

        var again = WorkerId == worker.Id;
        WorkerId = worker.Id;
        lock (_reportGate)
            _nextFullReport = TimeSpan.Zero; // the manager may have lost the figures: send them all next time
        Emit(WorkerEventKind.Registered, again
            ? $"registered again as worker {worker.Id} ({Options.Hostname})"
            : $"registered as worker {worker.Id} ({Options.Hostname}, {SystemStats.SystemDescription}) with {Options.Manager}");
    }

    /// <summary>A poll or heartbeat body: the status, the frequent figures, and now and then the rest.</summary>
    internal WorkerUpdate Report(string status)
    {
        bool full;
        lock (_reportGate)
        {
            full = _clock.Elapsed >= _nextFullReport;
            if (full)
                _nextFullReport = _clock.Elapsed + FullReportEvery;
        }
        return new WorkerUpdate
        {
            Status = status,
            UpdateFrequent = _stats.Frequent(),
            MacAddress = full ? _mac.Value : null,
            UpdateLessFrequent = full ? _stats.LessFrequent() : null,
        };
    }

    private Task PauseAsync(CancellationToken ct) =>
        Task.Delay(Options.PollInterval + Options.PollJitter * Random.Shared.NextDouble(), ct);

    internal void Emit(WorkerEventKind kind, string message, long? taskId = null) => Emit(new WorkerEvent(kind, message, taskId));

    private void Emit(WorkerEvent e)
    {
        try
        {
            _events(e);
        }
        catch (Exception)
        {
            // A broken log sink must not stop the worker.
        }
    }

    public void Dispose() => Client.Dispose();
}
